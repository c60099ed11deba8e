/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "dc-place-collection-private.h"
#include "dc-place-feed-private.h"
#include "dc-place-store-private.h"

/**
 * DcPlaceStore:
 *
 * The current set of places for the app and the tool (DESIGN §4): the last
 * good copy of the vendor's feed when there is one, else the bundled demo
 * set. Either is kept as a #DcPlaceIndex file in the cache directory
 * (`$XDG_CACHE_HOME/device-care/`), so a start-up maps that file and reads
 * no JSON; only the first start, or a new feed, builds it.
 * dc_place_store_refresh_async() asks the feed for something newer.
 */
struct _DcPlaceStore
{
  GObject parent_instance;

  char *feed_url;
  char *cache_dir;
  guint timeout;
  DcPlaceIndex *index;
  guint generation; /* counts changes of @index, so an older load cannot undo a refresh */
};

G_DEFINE_FINAL_TYPE (DcPlaceStore, dc_place_store, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_FEED_URL,
  PROP_CACHE_DIR,
  PROP_TIMEOUT,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  WORK_LOAD,
  WORK_LIST,
  WORK_REFRESH,
} WorkKind;

typedef struct
{
  WorkKind kind;
  guint generation;
  gboolean by_distance;
  double latitude;
  double longitude;
  DcPlaceIndex *current; /* already loaded, or NULL */
  GTask *task;           /* the caller's */
} Work;

static void
work_free (Work *work)
{
  g_clear_object (&work->current);
  g_clear_object (&work->task);
  g_free (work);
}

static void
store_work_free (DcPlaceStoreWork *result)
{
  g_clear_object (&result->index);
  g_clear_object (&result->places);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcPlaceStoreWork, store_work_free)

static void
dc_place_store_finalize (GObject *object)
{
  DcPlaceStore *self = DC_PLACE_STORE (object);

  g_free (self->feed_url);
  g_free (self->cache_dir);
  g_clear_object (&self->index);

  G_OBJECT_CLASS (dc_place_store_parent_class)->finalize (object);
}

static void
dc_place_store_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcPlaceStore *self = DC_PLACE_STORE (object);

  switch (prop_id)
    {
      case PROP_FEED_URL:
        g_value_set_string (value, self->feed_url);
        break;
      case PROP_CACHE_DIR:
        g_value_set_string (value, self->cache_dir);
        break;
      case PROP_TIMEOUT:
        g_value_set_uint (value, self->timeout);
        break;
      case PROP_INDEX:
        g_value_set_object (value, self->index);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_place_store_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DcPlaceStore *self = DC_PLACE_STORE (object);

  switch (prop_id)
    {
      case PROP_FEED_URL:
        self->feed_url = g_value_dup_string (value);
        if (self->feed_url != NULL && *self->feed_url == '\0')
          g_clear_pointer (&self->feed_url, g_free);
        break;
      case PROP_CACHE_DIR:
        self->cache_dir = g_value_dup_string (value);
        if (self->cache_dir == NULL)
          self->cache_dir = g_build_filename (g_get_user_cache_dir (), "device-care", NULL);
        break;
      case PROP_TIMEOUT:
        self->timeout = g_value_get_uint (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_place_store_class_init (DcPlaceStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_place_store_finalize;
  object_class->get_property = dc_place_store_get_property;
  object_class->set_property = dc_place_store_set_property;

  properties[PROP_FEED_URL]
    = g_param_spec_string ("feed-url", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE_DIR]
    = g_param_spec_string ("cache-dir", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Seconds without progress before a fetch gives up. */
  properties[PROP_TIMEOUT]
    = g_param_spec_uint ("timeout", NULL, NULL, 1, G_MAXUINT, 30,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INDEX] = g_param_spec_object ("index", NULL, NULL, DC_TYPE_PLACE_INDEX,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_place_store_init (DcPlaceStore *self)
{
}

/**
 * dc_place_store_new:
 * @feed_url: (nullable): the vendor's feed (`[Places] Feed=`), or %NULL
 * @cache_dir: (nullable): where to keep the copy and its index, or %NULL
 *   for `$XDG_CACHE_HOME/device-care`
 *
 * Returns: (transfer full): a store; nothing is read until it is loaded
 */
DcPlaceStore *
dc_place_store_new (const char *feed_url, const char *cache_dir)
{
  return g_object_new (DC_TYPE_PLACE_STORE, "feed-url", feed_url, "cache-dir", cache_dir, NULL);
}

const char *
dc_place_store_get_feed_url (DcPlaceStore *self)
{
  g_return_val_if_fail (DC_IS_PLACE_STORE (self), NULL);
  return self->feed_url;
}

const char *
dc_place_store_get_cache_dir (DcPlaceStore *self)
{
  g_return_val_if_fail (DC_IS_PLACE_STORE (self), NULL);
  return self->cache_dir;
}

guint
dc_place_store_get_timeout (DcPlaceStore *self)
{
  return self->timeout;
}

/**
 * dc_place_store_get_index:
 * @self: a store
 *
 * Returns: (transfer none) (nullable): the current places, or %NULL before
 *   the first load
 */
DcPlaceIndex *
dc_place_store_get_index (DcPlaceStore *self)
{
  g_return_val_if_fail (DC_IS_PLACE_STORE (self), NULL);
  return self->index;
}

char *
dc_place_store_path (DcPlaceStore *self, const char *name)
{
  return g_build_filename (self->cache_dir, name, NULL);
}

char *
dc_place_store_feed_origin (const char *url)
{
  return g_strconcat ("feed:", url, NULL);
}

static void
set_index (DcPlaceStore *self, DcPlaceIndex *index)
{
  if (!g_set_object (&self->index, index))
    return;
  self->generation++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

/* The cached index, when it holds the places from @origin. */
static DcPlaceIndex *
open_cached (DcPlaceStore *self, const char *origin)
{
  g_autofree char *path = dc_place_store_path (self, DC_PLACE_STORE_INDEX_FILE);
  g_autoptr (GError) error = NULL;
  g_autoptr (DcPlaceIndex) index = dc_place_index_open (path, &error);

  if (index == NULL)
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_debug ("Not using the cached places index: %s", error->message);
      return NULL;
    }
  if (g_strcmp0 (dc_place_index_get_origin (index), origin) != 0)
    return NULL;
  return g_steal_pointer (&index);
}

static void
write_cached (DcPlaceStore *self, DcPlaceIndex *index)
{
  g_autofree char *path = dc_place_store_path (self, DC_PLACE_STORE_INDEX_FILE);
  g_autoptr (GError) error = NULL;

  if (g_mkdir_with_parents (self->cache_dir, 0700) != 0
      || !dc_place_index_write (index, path, &error))
    g_debug ("Could not keep the places index in %s: %s", self->cache_dir,
             error != NULL ? error->message : g_strerror (errno));
}

/* The last good copy of the feed, rebuilt when its index is missing. */
static DcPlaceIndex *
load_feed_copy (DcPlaceStore *self)
{
  g_autofree char *state_path = dc_place_store_path (self, DC_PLACE_STORE_STATE_FILE);
  g_autofree char *copy_path = dc_place_store_path (self, DC_PLACE_STORE_FEED_FILE);
  g_autoptr (DcPlaceFeedState) state = dc_place_feed_state_load (state_path);
  g_autofree char *origin = dc_place_store_feed_origin (self->feed_url);
  g_autoptr (DcPlaceIndex) index = NULL;
  g_autoptr (GMappedFile) copy = NULL;
  g_autoptr (GBytes) bytes = NULL;

  if (g_strcmp0 (state->url, self->feed_url) != 0)
    return NULL;
  index = open_cached (self, origin);
  if (index != NULL)
    return g_steal_pointer (&index);

  copy = g_mapped_file_new (copy_path, FALSE, NULL);
  if (copy == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (copy);
  index = dc_place_store_build_from_geojson (bytes, origin, NULL);
  if (index != NULL)
    write_cached (self, index);
  return g_steal_pointer (&index);
}

static DcPlaceIndex *
load_demo (DcPlaceStore *self, GError **error)
{
  g_autoptr (GBytes) bytes = dc_place_collection_lookup_demo (error);
  g_autofree char *checksum = NULL;
  g_autofree char *origin = NULL;
  g_autoptr (DcPlaceIndex) index = NULL;

  if (bytes == NULL)
    return NULL;

  /* By content, so a new version of the app does not show the old demo set. */
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  origin = g_strconcat ("demo:", checksum, NULL);
  index = open_cached (self, origin);
  if (index != NULL)
    return g_steal_pointer (&index);

  index = dc_place_store_build_from_geojson (bytes, origin, error);
  if (index != NULL)
    write_cached (self, index);
  return g_steal_pointer (&index);
}

static DcPlaceIndex *
load_in_thread (DcPlaceStore *self, GError **error)
{
  DcPlaceIndex *index = NULL;

  if (self->feed_url != NULL)
    index = load_feed_copy (self);
  if (index == NULL)
    index = load_demo (self, error);
  return index;
}

/**
 * dc_place_store_load:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @error: a #GError
 *
 * Loads the current places in the calling thread; the tool's way. The app
 * calls dc_place_store_load_async().
 *
 * Returns: (transfer full) (nullable): the places, also the store's
 *   #DcPlaceStore:index from now on
 */
DcPlaceIndex *
dc_place_store_load (DcPlaceStore *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (DcPlaceIndex) index = NULL;

  g_return_val_if_fail (DC_IS_PLACE_STORE (self), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  index = load_in_thread (self, error);
  if (index != NULL)
    set_index (self, index);
  return g_steal_pointer (&index);
}

static void
work_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  DcPlaceStore *self = source;
  Work *work = data;
  g_autoptr (DcPlaceStoreWork) result = NULL;
  DcPlaceIndex *index = work->current;
  GError *error = NULL;

  if (work->kind == WORK_REFRESH)
    result = dc_place_store_refresh_in_thread (self, cancellable, &error);
  else
    {
      result = g_new0 (DcPlaceStoreWork, 1);
      if (index == NULL)
        index = result->index = load_in_thread (self, &error);
    }
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (work->kind == WORK_LIST)
    {
      g_autoptr (GArray) hits = NULL;

      if (work->by_distance)
        hits = dc_place_index_nearest (index, work->latitude, work->longitude, 0, 0, NULL);
      result->places = dc_place_index_dup_places (index, hits);
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify)store_work_free);
}

static void
on_work_done (GObject *source, GAsyncResult *res, gpointer user_data)
{
  DcPlaceStore *self = DC_PLACE_STORE (source);
  Work *work = user_data;
  GTask *task = g_steal_pointer (&work->task);
  g_autoptr (DcPlaceStoreWork) result = NULL;
  GError *error = NULL;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    {
      /* A refresh that finished meanwhile has the newer places. */
      if (result->index != NULL
          && (work->kind == WORK_REFRESH || work->generation == self->generation))
        set_index (self, result->index);

      if (work->kind == WORK_LOAD)
        g_task_return_pointer (task, g_object_ref (self->index), g_object_unref);
      else if (work->kind == WORK_LIST)
        g_task_return_pointer (task, g_steal_pointer (&result->places), g_object_unref);
      else
        g_task_return_int (task, result->outcome);
    }
  g_object_unref (task);
  work_free (work);
}

static void
start_work (DcPlaceStore *self, Work *work, GCancellable *cancellable)
{
  g_autoptr (GTask) worker = g_task_new (self, cancellable, on_work_done, work);

  work->generation = self->generation;
  if (work->kind != WORK_REFRESH && self->index != NULL)
    work->current = g_object_ref (self->index);
  g_task_set_source_tag (worker, start_work);
  g_task_set_task_data (worker, work, NULL);
  g_task_run_in_thread (worker, work_in_thread);
}

static Work *
work_new (DcPlaceStore *self, WorkKind kind, GCancellable *cancellable,
          GAsyncReadyCallback callback, gpointer user_data, gpointer source_tag)
{
  Work *work = g_new0 (Work, 1);

  work->kind = kind;
  work->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (work->task, source_tag);
  return work;
}

/**
 * dc_place_store_load_async:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the places
 * @user_data: for @callback
 *
 * Loads the current places in a worker thread: the cached index, else the
 * cached feed, else the demo set, building and keeping the index as needed.
 */
void
dc_place_store_load_async (DcPlaceStore *self, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (DC_IS_PLACE_STORE (self));

  start_work (
    self, work_new (self, WORK_LOAD, cancellable, callback, user_data, dc_place_store_load_async),
    cancellable);
}

/**
 * dc_place_store_load_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the current places
 */
DcPlaceIndex *
dc_place_store_load_finish (DcPlaceStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dc_place_store_list_async:
 * @self: a store
 * @by_distance: whether to sort by the distance from a position
 * @latitude: the position, degrees, when @by_distance
 * @longitude: the position, degrees, when @by_distance
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: for @callback
 *
 * Every current place, loading them first if needed; for a list on screen.
 */
void
dc_place_store_list_async (DcPlaceStore *self, gboolean by_distance, double latitude,
                           double longitude, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  Work *work;

  g_return_if_fail (DC_IS_PLACE_STORE (self));

  work = work_new (self, WORK_LIST, cancellable, callback, user_data, dc_place_store_list_async);
  work->by_distance = by_distance;
  work->latitude = latitude;
  work->longitude = longitude;
  start_work (self, work, cancellable);
}

/**
 * dc_place_store_list_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): a #GListModel of #DcPlace, nearest
 *   first when asked to sort by distance, else in the order of the file
 */
GListModel *
dc_place_store_list_finish (DcPlaceStore *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dc_place_store_refresh_async:
 * @self: a store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: for @callback
 *
 * Asks the vendor's feed for newer places with `If-None-Match`, unless its
 * last `Cache-Control: max-age` has not run out. New places replace the
 * current ones only when they parse and hold at least one valid place; on
 * any failure the places already here stay, and the error says why.
 */
void
dc_place_store_refresh_async (DcPlaceStore *self, GCancellable *cancellable,
                              GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (DC_IS_PLACE_STORE (self));

  start_work (
    self,
    work_new (self, WORK_REFRESH, cancellable, callback, user_data, dc_place_store_refresh_async),
    cancellable);
}

/**
 * dc_place_store_refresh_finish:
 * @self: a store
 * @result: the result given to the callback
 * @error: why the feed could not be used; worth a debug message, not a
 *   dialog: the customer still has the places from before
 *
 * Returns: what the refresh did, %DC_PLACE_REFRESH_FAILED with @error set
 */
DcPlaceRefresh
dc_place_store_refresh_finish (DcPlaceStore *self, GAsyncResult *result, GError **error)
{
  gssize outcome;

  g_return_val_if_fail (g_task_is_valid (result, self), DC_PLACE_REFRESH_FAILED);

  outcome = g_task_propagate_int (G_TASK (result), error);
  return outcome < 0 ? DC_PLACE_REFRESH_FAILED : (DcPlaceRefresh)outcome;
}
