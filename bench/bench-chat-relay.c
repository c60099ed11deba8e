/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-chat"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

#include <gio/gio.h>

#include "bench-chat.h"

/* A TCP relay between the session and Prosody's WebSocket port. Cutting it closes both sockets
 * of every relayed connection, as a lost network would end them, and refuses new ones until it
 * is up again. It copies bytes itself rather than with g_io_stream_splice_async() to look at
 * what the server says: a <resumed/> there proves the stream was resumed, not logged in anew,
 * and the archive's results say how much the catch-up read. */

#define CHUNK_SIZE 65536
#define RESUMED_TAG "<resumed"
#define ARCHIVED_TAG "<result " /* one archived message (XEP-0313) */

struct _BenchRelay
{
  GSocketService *service;
  guint16 port;
  guint16 upstream_port;
  gboolean up;
  GPtrArray *links; /* of Link */
  guint n_resumed;
  guint n_archived;
};

typedef struct
{
  gint refs;
  GIOStream *client;
  GIOStream *server;
  GCancellable *cancellable;
  gboolean closed;
} Link;

typedef struct
{
  BenchRelay *relay; /* borrowed: once it is freed, every read finishes as cancelled */
  Link *link;
  GInputStream *from;
  GOutputStream *to;
  gboolean from_server;
  GBytes *chunk;
} Pump;

static Link *
link_ref (Link *link)
{
  g_atomic_int_inc (&link->refs);
  return link;
}

static void
link_close (Link *link)
{
  if (link->closed)
    return;
  link->closed = TRUE;
  g_cancellable_cancel (link->cancellable);
  g_io_stream_close (link->client, NULL, NULL);
  g_io_stream_close (link->server, NULL, NULL);
}

static void
link_unref (Link *link)
{
  if (!g_atomic_int_dec_and_test (&link->refs))
    return;
  link_close (link);
  g_object_unref (link->client);
  g_object_unref (link->server);
  g_object_unref (link->cancellable);
  g_free (link);
}

static void
pump_free (Pump *pump)
{
  g_clear_pointer (&pump->chunk, g_bytes_unref);
  link_unref (pump->link);
  g_free (pump);
}

/* Either side ending, or failing, ends both: nothing half-open stays behind. */
static void
pump_stop (Pump *pump)
{
  link_close (pump->link);
  pump_free (pump);
}

/* A tag split between two reads is missed: the counts are for telling what happened. */
static guint
count_tags (const char *data, gsize size, const char *tag)
{
  gsize tag_len = strlen (tag);
  const char *end = data + size, *found;
  guint n = 0;

  while ((found = memmem (data, end - data, tag, tag_len)) != NULL)
    {
      n++;
      data = found + tag_len;
    }
  return n;
}

static void pump_read (Pump *pump);

static void
pump_written_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pump *pump = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      pump_stop (pump);
      return;
    }
  g_clear_pointer (&pump->chunk, g_bytes_unref);
  pump_read (pump);
}

static void
pump_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pump *pump = user_data;
  gsize size;
  const char *data;

  pump->chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, NULL);
  if (pump->chunk == NULL || g_bytes_get_size (pump->chunk) == 0)
    {
      pump_stop (pump);
      return;
    }
  data = g_bytes_get_data (pump->chunk, &size);
  if (pump->from_server)
    {
      pump->relay->n_resumed += count_tags (data, size, RESUMED_TAG);
      pump->relay->n_archived += count_tags (data, size, ARCHIVED_TAG);
    }
  g_output_stream_write_all_async (pump->to, data, size, G_PRIORITY_DEFAULT,
                                   pump->link->cancellable, pump_written_cb, pump);
}

static void
pump_read (Pump *pump)
{
  g_input_stream_read_bytes_async (pump->from, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   pump->link->cancellable, pump_read_cb, pump);
}

static void
pump_start (BenchRelay *relay, Link *link, GIOStream *from, GIOStream *to, gboolean from_server)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->relay = relay;
  pump->link = link_ref (link);
  pump->from = g_io_stream_get_input_stream (from);
  pump->to = g_io_stream_get_output_stream (to);
  pump->from_server = from_server;
  pump_read (pump);
}

/* Both ends write at once what they get, as libsoup's own socket does: the relay must not add
 * Nagle's wait for an acknowledgement to the path it measures. */
static void
no_delay (GSocketConnection *connection)
{
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1,
                       NULL);
}

static gboolean
incoming_cb (GSocketService *service, GSocketConnection *connection, GObject *source,
             gpointer user_data)
{
  BenchRelay *self = user_data;
  g_autoptr (GSocketClient) client = NULL;
  g_autoptr (GSocketConnection) upstream = NULL;
  Link *link;

  if (self->up)
    {
      client = g_socket_client_new ();
      upstream
        = g_socket_client_connect_to_host (client, "127.0.0.1", self->upstream_port, NULL, NULL);
    }
  if (upstream == NULL)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  no_delay (connection);
  no_delay (upstream);
  link = g_new0 (Link, 1);
  link->refs = 1;
  link->client = G_IO_STREAM (g_object_ref (connection));
  link->server = G_IO_STREAM (g_steal_pointer (&upstream));
  link->cancellable = g_cancellable_new ();
  g_ptr_array_add (self->links, link);
  pump_start (self, link, link->client, link->server, FALSE);
  pump_start (self, link, link->server, link->client, TRUE);
  return TRUE;
}

/**
 * bench_relay_new:
 * @upstream_port: the port on 127.0.0.1 to relay to
 *
 * Returns: (transfer full): a relay listening on a free port, up
 */
BenchRelay *
bench_relay_new (guint16 upstream_port)
{
  g_autoptr (GError) error = NULL;
  BenchRelay *self = g_new0 (BenchRelay, 1);

  self->upstream_port = upstream_port;
  self->up = TRUE;
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify)link_unref);
  self->service = g_socket_service_new ();
  self->port
    = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (self->service), NULL, &error);
  if (self->port == 0)
    g_error ("Cannot listen for the relay: %s", error->message);
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  return self;
}

guint16
bench_relay_get_port (BenchRelay *self)
{
  return self->port;
}

/**
 * bench_relay_set_up:
 * @self: the relay
 * @up: whether new connections go through
 */
void
bench_relay_set_up (BenchRelay *self, gboolean up)
{
  self->up = up;
}

/**
 * bench_relay_cut:
 * @self: the relay
 *
 * Closes every relayed connection at both ends and refuses new ones until set up again.
 */
void
bench_relay_cut (BenchRelay *self)
{
  self->up = FALSE;
  for (guint i = 0; i < self->links->len; i++)
    link_close (g_ptr_array_index (self->links, i));
  g_ptr_array_set_size (self->links, 0);
}

/**
 * bench_relay_get_n_resumed:
 * @self: the relay
 *
 * Returns: how many <resumed/> (XEP-0198) the server sent through the relay
 */
guint
bench_relay_get_n_resumed (BenchRelay *self)
{
  return self->n_resumed;
}

/**
 * bench_relay_get_n_archived:
 * @self: the relay
 *
 * Returns: how many archived messages (XEP-0313 results) the server sent through the relay
 */
guint
bench_relay_get_n_archived (BenchRelay *self)
{
  return self->n_archived;
}

/**
 * bench_relay_free:
 * @self: (transfer full): the relay
 *
 * Cuts every connection and stops listening. Pumps still running finish on their own.
 */
void
bench_relay_free (BenchRelay *self)
{
  bench_relay_cut (self);
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_object_unref (self->service);
  g_ptr_array_unref (self->links);
  g_free (self);
}
