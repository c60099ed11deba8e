/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "dc-place-collection.h"
#include "dc-place-feed-private.h"

/* The vendor's places feed over HTTP: one conditional GET, its freshness,
 * and the note kept beside the cached copy. Everything here blocks: it runs
 * in DcPlaceStore's worker thread, with a session of its own. */

/* A vendor's whole network fits in a few megabytes; anything far bigger is
 * a mistake on the server, not places. */
#define MAX_FEED_BYTES (64 * 1024 * 1024)
#define READ_CHUNK (64 * 1024)
#define STATE_GROUP "Feed"

void
dc_place_feed_state_free (DcPlaceFeedState *state)
{
  if (state == NULL)
    return;
  g_free (state->url);
  g_free (state->etag);
  g_free (state);
}

/**
 * dc_place_feed_state_load:
 * @path: the key file beside the cached copy
 *
 * Returns: (transfer full): what the file says, or an empty state when it
 *   is missing or unreadable (then the next fetch is unconditional)
 */
DcPlaceFeedState *
dc_place_feed_state_load (const char *path)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  DcPlaceFeedState *state = g_new0 (DcPlaceFeedState, 1);

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL))
    return state;

  state->url = g_key_file_get_string (file, STATE_GROUP, "Url", NULL);
  state->etag = g_key_file_get_string (file, STATE_GROUP, "ETag", NULL);
  state->expires = g_key_file_get_int64 (file, STATE_GROUP, "Expires", NULL);
  state->fetched = g_key_file_get_int64 (file, STATE_GROUP, "Fetched", NULL);
  return state;
}

gboolean
dc_place_feed_state_save (DcPlaceFeedState *state, const char *path, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();

  if (state->url != NULL)
    g_key_file_set_string (file, STATE_GROUP, "Url", state->url);
  if (state->etag != NULL)
    g_key_file_set_string (file, STATE_GROUP, "ETag", state->etag);
  g_key_file_set_int64 (file, STATE_GROUP, "Expires", state->expires);
  g_key_file_set_int64 (file, STATE_GROUP, "Fetched", state->fetched);
  return g_key_file_save_to_file (file, path, error);
}

void
dc_place_feed_response_free (DcPlaceFeedResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->reason);
  g_free (response->etag);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

static gboolean
is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  bare = g_str_has_prefix (host, "[") ? g_strndup (host + 1, strcspn (host + 1, "]"))
                                      : g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * dc_place_feed_check_url:
 * @url: the feed's address from the vendor configuration
 * @error: where to say why it cannot be used
 *
 * The places a customer is sent to must come from the vendor: https, or
 * plain http only to this machine, for testing.
 *
 * Returns: %TRUE when @url may be fetched
 */
gboolean
dc_place_feed_check_url (const char *url, GError **error)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host != NULL && *host != '\0'
      && (g_ascii_strcasecmp (scheme, "https") == 0
          || (g_ascii_strcasecmp (scheme, "http") == 0 && is_loopback (host))))
    return TRUE;

  g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_FEED,
               /* Translators: %s is a web address from the vendor's configuration */
               _ ("The places feed “%s” must be an https:// address."), url);
  return FALSE;
}

/**
 * dc_place_feed_parse_max_age:
 * @cache_control: (nullable): the Cache-Control header
 * @age: (nullable): the Age header, time the answer spent in caches
 *
 * Returns: how many seconds from now the answer may be used without asking
 *   again; 0 when it must be asked again each time or says nothing
 */
gint64
dc_place_feed_parse_max_age (const char *cache_control, const char *age)
{
  g_autoptr (GHashTable) params = NULL;
  const char *value;
  gint64 max_age = 0;
  guint64 spent = 0;

  if (cache_control == NULL)
    return 0;

  params = soup_header_parse_param_list (cache_control);
  if (g_hash_table_contains (params, "no-store") || g_hash_table_contains (params, "no-cache"))
    return 0;
  value = g_hash_table_lookup (params, "max-age");
  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT32, &max_age, NULL))
    return 0;
  if (age != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (age));

      g_ascii_string_to_unsigned (trimmed, 10, 0, G_MAXINT32, &spent, NULL);
    }

  return MAX (0, max_age - (gint64)spent);
}

static GBytes *
read_body (GInputStream *stream, GCancellable *cancellable, GError **error)
{
  g_autoptr (GByteArray) body = g_byte_array_new ();

  for (;;)
    {
      g_autoptr (GBytes) chunk = g_input_stream_read_bytes (stream, READ_CHUNK, cancellable, error);

      if (chunk == NULL)
        return NULL;
      if (g_bytes_get_size (chunk) == 0)
        break;
      if (body->len + g_bytes_get_size (chunk) > MAX_FEED_BYTES)
        {
          g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_FEED,
                       _ ("The places feed is larger than %d MB; that is not a list of places."),
                       MAX_FEED_BYTES / (1024 * 1024));
          return NULL;
        }
      g_byte_array_append (body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&body));
}

static SoupSession *
new_session (guint timeout)
{
  g_autofree char *agent = g_strdup_printf ("device-care/%s", PACKAGE_VERSION);

  return soup_session_new_with_options ("timeout", timeout, "idle-timeout", timeout, "user-agent",
                                        agent, NULL);
}

/**
 * dc_place_feed_fetch:
 * @url: the feed, checked with dc_place_feed_check_url()
 * @etag: (nullable): the entity tag of the copy already here
 * @timeout: seconds without progress after which to give up
 * @cancellable: (nullable): a #GCancellable
 * @error: where to say why there is no answer
 *
 * Asks for @url, and for nothing when it still matches @etag.
 *
 * Returns: (transfer full) (nullable): the answer, whatever its status
 */
DcPlaceFeedResponse *
dc_place_feed_fetch (const char *url, const char *etag, guint timeout, GCancellable *cancellable,
                     GError **error)
{
  g_autoptr (SoupSession) session = new_session (timeout);
  g_autoptr (SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (DcPlaceFeedResponse) response = g_new0 (DcPlaceFeedResponse, 1);
  SoupMessageHeaders *headers;

  if (message == NULL)
    {
      g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_FEED,
                   /* Translators: %s is a web address from the vendor's configuration */
                   _ ("The places feed “%s” must be an https:// address."), url);
      return NULL;
    }
  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/geo+json, application/json");
  if (etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", etag);

  stream = soup_session_send (session, message, cancellable, error);
  if (stream == NULL)
    return NULL;

  headers = soup_message_get_response_headers (message);
  response->status = soup_message_get_status (message);
  response->reason = g_strdup (soup_message_get_reason_phrase (message));
  response->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  response->max_age
    = dc_place_feed_parse_max_age (soup_message_headers_get_one (headers, "Cache-Control"),
                                   soup_message_headers_get_one (headers, "Age"));

  if (response->status == SOUP_STATUS_OK)
    {
      response->body = read_body (stream, cancellable, error);
      if (response->body == NULL)
        return NULL;
    }
  g_input_stream_close (stream, NULL, NULL);

  return g_steal_pointer (&response);
}
