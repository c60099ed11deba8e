/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What is known about the last good copy of the vendor's feed; kept beside
 * it in the cache as a key file. */
typedef struct
{
  char *url;
  char *etag;     /* the copy's entity tag, or NULL */
  gint64 expires; /* Unix time until which the copy is fresh */
  gint64 fetched; /* Unix time it was last fetched or confirmed */
} DcPlaceFeedState;

void dc_place_feed_state_free (DcPlaceFeedState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcPlaceFeedState, dc_place_feed_state_free)

DcPlaceFeedState *dc_place_feed_state_load (const char *path);
gboolean dc_place_feed_state_save (DcPlaceFeedState *state, const char *path, GError **error);

/* One answer of the feed's server. */
typedef struct
{
  guint status;
  char *reason;
  char *etag;
  gint64 max_age; /* seconds the answer stays fresh, 0 when it says nothing */
  GBytes *body;   /* for a 200 */
} DcPlaceFeedResponse;

void dc_place_feed_response_free (DcPlaceFeedResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcPlaceFeedResponse, dc_place_feed_response_free)

gboolean dc_place_feed_check_url (const char *url, GError **error);
gint64 dc_place_feed_parse_max_age (const char *cache_control, const char *age);
DcPlaceFeedResponse *dc_place_feed_fetch (const char *url, const char *etag, guint timeout,
                                          GCancellable *cancellable, GError **error);

G_END_DECLS
