/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "dc-place-index-private.h"

/**
 * DcPlaceIndex:
 *
 * A set of places ready to search (DESIGN §4): nearest first by
 * great-circle distance through a static k-d tree, within a radius, by kind
 * and service, and by words of the name, city or postcode. It lives in one
 * GVariant file that is used straight from the memory map, so opening it
 * reads neither JSON nor every place: a start-up costs a few checks of its
 * header, whatever the number of places.
 */

G_DEFINE_FINAL_TYPE (DcPlaceIndex, dc_place_index, G_TYPE_OBJECT)

static void
dc_place_index_finalize (GObject *object)
{
  DcPlaceIndex *self = DC_PLACE_INDEX (object);

  g_free (self->service_names);
  g_free (self->dataset_name);
  g_free (self->origin);
  g_clear_pointer (&self->places, g_variant_unref);
  g_clear_pointer (&self->root, g_variant_unref);

  G_OBJECT_CLASS (dc_place_index_parent_class)->finalize (object);
}

static void
dc_place_index_class_init (DcPlaceIndexClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dc_place_index_finalize;
}

static void
dc_place_index_init (DcPlaceIndex *self)
{
}

static gconstpointer
fixed_child (GVariant *root, guint field, gsize element_size, gsize *n_elements)
{
  g_autoptr (GVariant) child = g_variant_get_child_value (root, field);

  /* The data stays alive with the root, which holds the same bytes. */
  return g_variant_get_fixed_array (child, n_elements, element_size);
}

static gboolean
damaged (GError **error)
{
  g_set_error_literal (error, DC_PLACES_ERROR, DC_PLACES_ERROR_DAMAGED,
                       _ ("The places index is damaged or was written by another version of "
                          "Device Care; it has to be built again."));
  return FALSE;
}

/* Only bounds are checked: a damaged file can give wrong answers, never
 * make a search read outside it. */
static gboolean
check_slots (DcPlaceIndex *self)
{
  for (guint slot = 0; slot < self->n_places; slot++)
    {
      if (self->slot_places[slot] >= self->n_places || self->slot_axes[slot] > 2)
        return FALSE;
    }
  for (guint i = 0; i < self->n_places; i++)
    {
      if (self->text_offsets[i] > self->text_offsets[i + 1])
        return FALSE;
    }
  return self->text_offsets[self->n_places] <= self->text_length;
}

static gboolean
read_arrays (DcPlaceIndex *self, GError **error)
{
  gsize n = self->n_places;
  gsize n_positions, n_offsets, n_points, n_slots, n_axes, n_kinds, n_services;
  g_autoptr (GVariant) names = NULL;

  self->positions = fixed_child (self->root, DC_PLACE_INDEX_POSITIONS, 8, &n_positions);
  self->text = fixed_child (self->root, DC_PLACE_INDEX_TEXT, 1, &self->text_length);
  self->text_offsets = fixed_child (self->root, DC_PLACE_INDEX_TEXT_OFFSETS, 4, &n_offsets);
  self->points = fixed_child (self->root, DC_PLACE_INDEX_POINTS, 8, &n_points);
  self->slot_places = fixed_child (self->root, DC_PLACE_INDEX_SLOT_PLACES, 4, &n_slots);
  self->slot_axes = fixed_child (self->root, DC_PLACE_INDEX_SLOT_AXES, 1, &n_axes);
  self->slot_kinds = fixed_child (self->root, DC_PLACE_INDEX_SLOT_KINDS, 1, &n_kinds);
  self->slot_services = fixed_child (self->root, DC_PLACE_INDEX_SLOT_SERVICES, 8, &n_services);

  if (n_positions != 2 * n || n_offsets != n + 1 || n_points != 3 * n || n_slots != n || n_axes != n
      || n_kinds != n || n_services != n || !check_slots (self))
    return damaged (error);

  names = g_variant_get_child_value (self->root, DC_PLACE_INDEX_SERVICE_NAMES);
  self->service_names = g_variant_get_strv (names, &self->n_service_names);
  return TRUE;
}

static gboolean
read_metadata (DcPlaceIndex *self)
{
  g_autoptr (GVariant) metadata = g_variant_get_child_value (self->root, DC_PLACE_INDEX_METADATA);
  g_autoptr (GVariantDict) dict = g_variant_dict_new (metadata);

  g_variant_dict_lookup (dict, "dataset-name", "s", &self->dataset_name);
  g_variant_dict_lookup (dict, "origin", "s", &self->origin);
  g_variant_dict_lookup (dict, "demo", "b", &self->is_demo);
  return g_variant_dict_lookup (dict, "leaf-size", "u", &self->leaf_size) && self->leaf_size > 0
         && self->leaf_size <= DC_PLACE_INDEX_MAX_LEAF_SIZE;
}

static DcPlaceIndex *
new_from_variant (GVariant *root, GError **error)
{
  g_autoptr (DcPlaceIndex) self = g_object_new (DC_TYPE_PLACE_INDEX, NULL);
  g_autoptr (GVariant) magic = g_variant_get_child_value (root, DC_PLACE_INDEX_MAGIC_FIELD);
  g_autoptr (GVariant) version = g_variant_get_child_value (root, DC_PLACE_INDEX_VERSION_FIELD);

  self->root = g_variant_ref_sink (root);
  if (!g_str_equal (g_variant_get_string (magic, NULL), DC_PLACE_INDEX_MAGIC)
      || g_variant_get_uint32 (version) != DC_PLACE_INDEX_VERSION)
    return damaged (error), NULL;

  self->places = g_variant_get_child_value (root, DC_PLACE_INDEX_PLACES);
  self->n_places = g_variant_n_children (self->places);
  if (!read_metadata (self))
    return damaged (error), NULL;
  if (!read_arrays (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * dc_place_index_new_from_collection:
 * @collection: the places
 * @origin: (nullable): where they came from, such as a feed's address; kept
 *   in the file for whoever opens it, see dc_place_index_get_origin()
 *
 * Builds the index in memory. Slow for large sets (a second for a hundred
 * thousand places): call it from a worker thread.
 *
 * Returns: (transfer full): the index
 */
DcPlaceIndex *
dc_place_index_new_from_collection (DcPlaceCollection *collection, const char *origin)
{
  g_autoptr (GVariant) built = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  DcPlaceIndex *self;

  g_return_val_if_fail (DC_IS_PLACE_COLLECTION (collection), NULL);

  /* Searched in its serialised form, as from a file: the pointers into it
   * then stay valid for as long as the index lives. */
  built = dc_place_index_serialize (collection, origin);
  bytes = g_variant_get_data_as_bytes (built);
  self = new_from_variant (
    g_variant_new_from_bytes (G_VARIANT_TYPE (DC_PLACE_INDEX_TYPE), bytes, TRUE), &error);
  g_assert_no_error (error);
  return self;
}

/**
 * dc_place_index_new_from_bytes:
 * @bytes: the contents of an index file
 * @error: where to say that it is not a usable index
 *
 * Checks the header, the version and the size of every array, not each
 * place, so this costs the same for ten places as for a million.
 *
 * Returns: (transfer full) (nullable): the index, or %NULL with @error set
 *   (%DC_PLACES_ERROR_DAMAGED)
 */
DcPlaceIndex *
dc_place_index_new_from_bytes (GBytes *bytes, GError **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return new_from_variant (
    g_variant_new_from_bytes (G_VARIANT_TYPE (DC_PLACE_INDEX_TYPE), bytes, FALSE), error);
}

/**
 * dc_place_index_open:
 * @path: an index file, as dc_place_index_write() leaves it
 * @error: where to say why it cannot be used
 *
 * Maps @path into memory; searches read it from there.
 *
 * Returns: (transfer full) (nullable): the index, or %NULL with @error set
 */
DcPlaceIndex *
dc_place_index_open (const char *path, GError **error)
{
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_mapped_file_new (path, FALSE, error);
  if (file == NULL)
    return NULL;
  bytes = g_mapped_file_get_bytes (file);

  return dc_place_index_new_from_bytes (bytes, error);
}

/**
 * dc_place_index_write:
 * @self: an index
 * @path: where to write it
 * @error: a #GError
 *
 * Writes the index to a new file that then replaces @path in one step, so
 * a reader sees the old index or the new one, never half of one.
 *
 * Returns: %TRUE on success
 */
gboolean
dc_place_index_write (DcPlaceIndex *self, const char *path, GError **error)
{
  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_file_set_contents_full (path, g_variant_get_data (self->root),
                                   g_variant_get_size (self->root), G_FILE_SET_CONTENTS_CONSISTENT,
                                   0644, error);
}

/**
 * dc_place_index_get_n_places:
 * @self: an index
 *
 * Returns: how many places it holds
 */
guint
dc_place_index_get_n_places (DcPlaceIndex *self)
{
  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), 0);
  return self->n_places;
}

/**
 * dc_place_index_get_is_demo:
 * @self: an index
 *
 * Returns: %TRUE when the places are made up, see
 *   dc_place_collection_get_is_demo()
 */
gboolean
dc_place_index_get_is_demo (DcPlaceIndex *self)
{
  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), FALSE);
  return self->is_demo;
}

/**
 * dc_place_index_get_dataset_name:
 * @self: an index
 *
 * Returns: (nullable): the name the places file gave its set
 */
const char *
dc_place_index_get_dataset_name (DcPlaceIndex *self)
{
  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), NULL);
  return self->dataset_name;
}

/**
 * dc_place_index_get_origin:
 * @self: an index
 *
 * Returns: (nullable): what dc_place_index_new_from_collection() was told
 *   about where the places came from
 */
const char *
dc_place_index_get_origin (DcPlaceIndex *self)
{
  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), NULL);
  return self->origin;
}

/* What a damaged file holds must still be a valid property value. */
static double
in_range (double degrees, double limit)
{
  return isfinite (degrees) ? CLAMP (degrees, -limit, limit) : 0.0;
}

static const char *
nonempty (const char *value)
{
  return *value != '\0' ? value : NULL;
}

/**
 * dc_place_index_dup_place:
 * @self: an index
 * @index: a place's position, below dc_place_index_get_n_places()
 *
 * Returns: (transfer full): the place
 */
DcPlace *
dc_place_index_dup_place (DcPlaceIndex *self, guint index)
{
  g_autoptr (GVariant) tuple = NULL;
  g_autofree const char **services = NULL;
  const char *id, *name, *street, *postcode, *city, *country, *phone, *email, *website;
  const char *opening_hours, *wheelchair, *timezone;
  guint8 kind;

  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), NULL);
  g_return_val_if_fail (index < self->n_places, NULL);

  tuple = g_variant_get_child_value (self->places, index);
  g_variant_get (tuple, "(y&s&s&s&s&s&s&s&s&s&s&s&s^a&s)", &kind, &id, &name, &street, &postcode,
                 &city, &country, &phone, &email, &website, &opening_hours, &wheelchair, &timezone,
                 &services);

  return g_object_new (DC_TYPE_PLACE, "id", id, "kind", MIN (kind, DC_PLACE_KIND_EXPERIENCE_STORE),
                       "name", name, "street", nonempty (street), "postcode", nonempty (postcode),
                       "city", city, "country", country, "phone", nonempty (phone), "email",
                       nonempty (email), "website", nonempty (website), "opening-hours",
                       nonempty (opening_hours), "services", services, "wheelchair",
                       nonempty (wheelchair), "timezone", nonempty (timezone), "latitude",
                       in_range (self->positions[2 * index], 90.0), "longitude",
                       in_range (self->positions[2 * index + 1], 180.0), NULL);
}

/**
 * dc_place_distance:
 * @latitude1: degrees
 * @longitude1: degrees
 * @latitude2: degrees
 * @longitude2: degrees
 *
 * The great-circle distance by the haversine formula, on a sphere of the
 * earth's mean radius.
 *
 * Returns: the distance in metres
 */
double
dc_place_distance (double latitude1, double longitude1, double latitude2, double longitude2)
{
  double phi1 = latitude1 * G_PI / 180.0;
  double phi2 = latitude2 * G_PI / 180.0;
  double half_dphi = (phi2 - phi1) / 2.0;
  double half_dlambda = (longitude2 - longitude1) * G_PI / 360.0;
  double a = sin (half_dphi) * sin (half_dphi)
             + cos (phi1) * cos (phi2) * sin (half_dlambda) * sin (half_dlambda);

  return 2.0 * DC_EARTH_RADIUS_M * asin (MIN (1.0, sqrt (a)));
}
