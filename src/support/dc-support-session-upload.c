/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <libsoup/soup.h>

#include <glib/gi18n-lib.h>

#include "dc-support-error.h"
#include "dc-support-session-private.h"

/* Attachments (XEP-0363): find the server's upload service, ask it for a slot, PUT the file
 * there, and send its address as one of the customer's messages, through the outbox like any
 * other. Only ever on the customer's request: the report identifies the device. */

#define NS_UPLOAD "urn:xmpp:http:upload:0"
#define NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"

typedef struct
{
  GBytes *data;
  char *filename;
  char *content_type;
  GQueue candidates; /* of char*, services still to ask */
  char *get_url;
} Upload;

static void
upload_free (Upload *upload)
{
  g_bytes_unref (upload->data);
  g_free (upload->filename);
  g_free (upload->content_type);
  g_queue_clear_full (&upload->candidates, g_free);
  g_free (upload->get_url);
  g_free (upload);
}

static void
fail (GTask *task, const char *reason)
{
  g_task_return_new_error (task, DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_STANZA,
                           _ ("The file could not be sent: %s"), reason);
}

static gboolean
is_acceptable_url (const char *url)
{
  g_autoptr (GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;
  g_autoptr (GInetAddress) address = host ? g_inet_address_new_from_string (host) : NULL;

  if (uri == NULL)
    return FALSE;
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  /* Plain HTTP only within this machine, as for the chat itself. */
  return g_strcmp0 (g_uri_get_scheme (uri), "http") == 0
         && (g_strcmp0 (host, "localhost") == 0
             || (address != NULL && g_inet_address_get_is_loopback (address)));
}

static void
put_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  DcSupportSession *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (GError) error = NULL;
  guint status;

  reply = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (reply == NULL)
    {
      fail (task, error->message);
      return;
    }
  status = soup_message_get_status (message);
  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_CREATED)
    {
      g_autofree char *reason = g_strdup_printf (_ ("the server answered %u %s"), status,
                                                 soup_message_get_reason_phrase (message));
      fail (task, reason);
      return;
    }
  if (!dc_support_session_send (self, upload->get_url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
put_file (GTask *task, DcXmlNode *slot)
{
  Upload *upload = g_task_get_task_data (task);
  DcXmlNode *put = dc_xml_node_get_child (slot, "put", NS_UPLOAD);
  DcXmlNode *get = dc_xml_node_get_child (slot, "get", NS_UPLOAD);
  const char *put_url = put ? dc_xml_node_get_attr (put, "url") : NULL;
  g_autoptr (SoupSession) http = soup_session_new ();
  g_autoptr (SoupMessage) message = NULL;
  SoupMessageHeaders *headers;

  upload->get_url = get ? g_strdup (dc_xml_node_get_attr (get, "url")) : NULL;
  if (!is_acceptable_url (put_url) || !is_acceptable_url (upload->get_url))
    {
      fail (task, _ ("the server offered an address that is not encrypted"));
      return;
    }
  message = soup_message_new (SOUP_METHOD_PUT, put_url);
  headers = soup_message_get_request_headers (message);
  /* Only the headers XEP-0363 allows the server to ask for. */
  for (DcXmlNode *h = dc_xml_node_get_first_child (put); h; h = dc_xml_node_get_next_sibling (h))
    {
      const char *name = dc_xml_node_get_attr (h, "name");
      if (g_strcmp0 (dc_xml_node_get_name (h), "header") == 0 && dc_xml_node_get_text (h)
          && (g_ascii_strcasecmp (name ?: "", "Authorization") == 0
              || g_ascii_strcasecmp (name ?: "", "Cookie") == 0
              || g_ascii_strcasecmp (name ?: "", "Expires") == 0))
        soup_message_headers_replace (headers, name, dc_xml_node_get_text (h));
    }
  soup_message_set_request_body_from_bytes (message, upload->content_type, upload->data);
  soup_session_send_and_read_async (http, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), put_done_cb,
                                    g_object_ref (task));
}

static void
slot_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (DcXmlNode) reply = NULL;
  g_autoptr (GError) error = NULL;
  DcXmlNode *slot;

  reply = dc_xmpp_connection_iq_finish (DC_XMPP_CONNECTION (source), result, &error);
  slot = reply ? dc_xml_node_get_child (reply, "slot", NS_UPLOAD) : NULL;
  if (slot == NULL)
    {
      fail (task, error ? error->message : _ ("the server gave no place to put it"));
      return;
    }
  put_file (task, slot);
}

static void
request_slot (GTask *task, const char *service)
{
  DcSupportSession *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  g_autoptr (DcXmlNode) iq = dc_xml_node_new ("iq", NS_CLIENT);
  DcXmlNode *request;
  char size[32];

  g_snprintf (size, sizeof size, "%" G_GSIZE_FORMAT, g_bytes_get_size (upload->data));
  dc_xml_node_set_attr (iq, "type", "get");
  dc_xml_node_set_attr (iq, "to", service);
  request = dc_xml_node_add_child (iq, "request", NS_UPLOAD);
  dc_xml_node_set_attr (request, "filename", upload->filename);
  dc_xml_node_set_attr (request, "size", size);
  dc_xml_node_set_attr (request, "content-type", upload->content_type);
  dc_xmpp_connection_iq_async (self->xmpp, iq, g_task_get_cancellable (task), slot_cb,
                               g_object_ref (task));
}

static void ask_next_service (GTask *task);

static void
info_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  DcSupportSession *self = g_task_get_source_object (task);
  g_autoptr (DcXmlNode) reply
    = dc_xmpp_connection_iq_finish (DC_XMPP_CONNECTION (source), result, NULL);
  DcXmlNode *query = reply ? dc_xml_node_get_child (reply, "query", NS_DISCO_INFO) : NULL;

  for (DcXmlNode *f = query ? dc_xml_node_get_first_child (query) : NULL; f;
       f = dc_xml_node_get_next_sibling (f))
    if (g_strcmp0 (dc_xml_node_get_name (f), "feature") == 0
        && g_strcmp0 (dc_xml_node_get_attr (f, "var"), NS_UPLOAD) == 0)
      {
        g_free (self->upload_service);
        self->upload_service = g_strdup (dc_xml_node_get_attr (reply, "from"));
        request_slot (task, self->upload_service);
        return;
      }
  ask_next_service (task);
}

static void
ask_next_service (GTask *task)
{
  DcSupportSession *self = g_task_get_source_object (task);
  Upload *upload = g_task_get_task_data (task);
  g_autofree char *service = g_queue_pop_head (&upload->candidates);
  g_autoptr (DcXmlNode) iq = dc_xml_node_new ("iq", NS_CLIENT);

  if (service == NULL)
    {
      fail (task, _ ("the support server does not take files"));
      return;
    }
  dc_xml_node_set_attr (iq, "type", "get");
  dc_xml_node_set_attr (iq, "to", service);
  dc_xml_node_add_child (iq, "query", NS_DISCO_INFO);
  dc_xmpp_connection_iq_async (self->xmpp, iq, g_task_get_cancellable (task), info_cb,
                               g_object_ref (task));
}

static void
items_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Upload *upload = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (DcXmlNode) reply
    = dc_xmpp_connection_iq_finish (DC_XMPP_CONNECTION (source), result, &error);
  DcXmlNode *query = reply ? dc_xml_node_get_child (reply, "query", NS_DISCO_ITEMS) : NULL;

  if (reply == NULL)
    {
      fail (task, error->message);
      return;
    }
  for (DcXmlNode *i = query ? dc_xml_node_get_first_child (query) : NULL; i;
       i = dc_xml_node_get_next_sibling (i))
    if (g_strcmp0 (dc_xml_node_get_name (i), "item") == 0 && dc_xml_node_get_attr (i, "jid"))
      g_queue_push_tail (&upload->candidates, g_strdup (dc_xml_node_get_attr (i, "jid")));
  ask_next_service (task);
}

/**
 * dc_support_session_attach_async:
 * @self: a #DcSupportSession
 * @data: the file's contents
 * @filename: its name, as the agent will see it
 * @content_type: its MIME type
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when sent or failed
 * @user_data: data for @callback
 *
 * Uploads @data to the server's file service and sends its address.
 */
void
dc_support_session_attach_async (DcSupportSession *self, GBytes *data, const char *filename,
                                 const char *content_type, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  Upload *upload = g_new0 (Upload, 1);
  g_autoptr (DcXmlNode) iq = NULL;

  upload->data = g_bytes_ref (data);
  upload->filename = g_strdup (filename);
  upload->content_type = g_strdup (content_type ? content_type : "application/octet-stream");
  g_queue_init (&upload->candidates);
  g_task_set_task_data (task, upload, (GDestroyNotify)upload_free);
  g_task_set_source_tag (task, dc_support_session_attach_async);

  if (self->xmpp == NULL || dc_xmpp_connection_get_state (self->xmpp) != DC_XMPP_STATE_ONLINE)
    {
      g_task_return_new_error (task, DC_SUPPORT_ERROR, DC_SUPPORT_ERROR_NETWORK, "%s",
                               _ ("Not connected to support. Try again once the connection is "
                                  "back."));
      return;
    }
  if (self->upload_service != NULL)
    {
      request_slot (task, self->upload_service);
      return;
    }
  iq = dc_xml_node_new ("iq", NS_CLIENT);
  dc_xml_node_set_attr (iq, "type", "get");
  dc_xml_node_set_attr (iq, "to", self->config.domain);
  dc_xml_node_add_child (iq, "query", NS_DISCO_ITEMS);
  dc_xmpp_connection_iq_async (self->xmpp, iq, cancellable, items_cb, g_object_ref (task));
}

/**
 * dc_support_session_attach_finish:
 * @self: a #DcSupportSession
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the file was uploaded and its message stored to send
 */
gboolean
dc_support_session_attach_finish (DcSupportSession *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
