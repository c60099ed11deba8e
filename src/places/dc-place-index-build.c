/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dc-place-index-private.h"

/* Building the file of DcPlaceIndex from a collection: the places, their
 * search text, and a static k-d tree over their points on the unit sphere.
 * Straight-line distance between two points on the sphere grows with the
 * great-circle distance, so the tree needs no special case at the poles or
 * at the antimeridian. */

typedef struct
{
  GArray *points; /* double x, y, z per slot */
  GArray *slots;  /* guint32 place per slot */
  GArray *axes;   /* guint8 per slot */
} Tree;

/**
 * dc_place_index_to_unit_sphere:
 * @latitude: degrees, north positive
 * @longitude: degrees, east positive
 * @point: (out caller-allocates): x, y, z
 *
 * The position as a point on the unit sphere centred on the earth's.
 */
void
dc_place_index_to_unit_sphere (double latitude, double longitude, double point[3])
{
  double phi = latitude * G_PI / 180.0;
  double lambda = longitude * G_PI / 180.0;

  point[0] = cos (phi) * cos (lambda);
  point[1] = cos (phi) * sin (lambda);
  point[2] = sin (phi);
}

static double *
slot_point (Tree *tree, guint slot)
{
  return &g_array_index (tree->points, double, 3 * slot);
}

static void
swap_slots (Tree *tree, guint a, guint b)
{
  double *pa = slot_point (tree, a);
  double *pb = slot_point (tree, b);
  guint32 *ids = (guint32 *)tree->slots->data;
  guint32 id = ids[a];

  for (guint i = 0; i < 3; i++)
    {
      double t = pa[i];

      pa[i] = pb[i];
      pb[i] = t;
    }
  ids[a] = ids[b];
  ids[b] = id;
}

/* Hoare's selection: puts the slot that belongs at @k along @axis there,
 * with no greater one before it and no smaller one after it. */
static void
select_slot (Tree *tree, guint k, guint left, guint right, guint axis)
{
  while (right > left)
    {
      double pivot = slot_point (tree, k)[axis];
      guint i = left;
      guint j = right;

      swap_slots (tree, left, k);
      if (slot_point (tree, right)[axis] > pivot)
        swap_slots (tree, left, right);

      while (i < j)
        {
          swap_slots (tree, i, j);
          i++;
          j--;
          while (slot_point (tree, i)[axis] < pivot)
            i++;
          while (slot_point (tree, j)[axis] > pivot)
            j--;
        }

      if (slot_point (tree, left)[axis] == pivot)
        swap_slots (tree, left, j);
      else
        {
          j++;
          swap_slots (tree, j, right);
        }

      if (j <= k)
        left = j + 1;
      if (k <= j)
        {
          if (j == 0)
            break;
          right = j - 1;
        }
    }
}

/* The axis along which the slots in [left, right] spread the most. */
static guint
widest_axis (Tree *tree, guint left, guint right)
{
  double low[3] = { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE };
  double high[3] = { -G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint axis = 0;

  for (guint slot = left; slot <= right; slot++)
    {
      double *p = slot_point (tree, slot);

      for (guint i = 0; i < 3; i++)
        {
          low[i] = MIN (low[i], p[i]);
          high[i] = MAX (high[i], p[i]);
        }
    }

  for (guint i = 1; i < 3; i++)
    {
      if (high[i] - low[i] > high[axis] - low[axis])
        axis = i;
    }
  return axis;
}

/* Slot (left + right) / 2 splits [left, right]; the same rule finds it when
 * searching, so the tree needs no pointers. */
static void
build_tree (Tree *tree, guint left, guint right)
{
  guint middle;
  guint axis;

  if (right - left + 1 <= DC_PLACE_INDEX_LEAF_SIZE)
    return;

  middle = left + (right - left) / 2;
  axis = widest_axis (tree, left, right);
  select_slot (tree, middle, left, right, axis);
  g_array_index (tree->axes, guint8, middle) = axis;

  build_tree (tree, left, middle - 1);
  build_tree (tree, middle + 1, right);
}

static GVariant *
place_tuple (DcPlace *place)
{
  const char *const *services = dc_place_get_services (place);

#define OR_EMPTY(s) ((s) != NULL ? (s) : "")
  return g_variant_new (
    "(yssssssssssss^as)", (guint8)dc_place_get_kind (place), dc_place_get_id (place),
    dc_place_get_name (place), OR_EMPTY (dc_place_get_street (place)),
    OR_EMPTY (dc_place_get_postcode (place)), dc_place_get_city (place),
    dc_place_get_country (place), OR_EMPTY (dc_place_get_phone (place)),
    OR_EMPTY (dc_place_get_email (place)), OR_EMPTY (dc_place_get_website (place)),
    OR_EMPTY (dc_place_get_opening_hours (place)), OR_EMPTY (dc_place_get_wheelchair (place)),
    OR_EMPTY (dc_place_get_timezone (place)), services);
#undef OR_EMPTY
}

/* German speakers type "muenchen" as often as "munchen". */
static char *
spell_umlauts_out (const char *text)
{
  static const char *const pairs[][2] = {
    { "ä", "ae" }, { "ö", "oe" }, { "ü", "ue" }, { "Ä", "Ae" }, { "Ö", "Oe" }, { "Ü", "Ue" },
  };
  g_autoptr (GString) spelled = g_string_new (text);

  for (gsize i = 0; i < G_N_ELEMENTS (pairs); i++)
    g_string_replace (spelled, pairs[i][0], pairs[i][1], 0);
  return g_string_free (g_steal_pointer (&spelled), FALSE);
}

static void
append_search_text (GByteArray *text, GArray *offsets, DcPlace *place)
{
  const char *postcode = dc_place_get_postcode (place);
  g_autofree char *words = g_strjoin (" ", dc_place_get_name (place), dc_place_get_city (place),
                                      postcode != NULL ? postcode : "", NULL);
  g_autofree char *spelled = spell_umlauts_out (words);
  g_autofree char *folded = dc_place_text_fold (words);
  guint32 offset = text->len;

  g_array_append_val (offsets, offset);
  g_byte_array_append (text, (const guint8 *)folded, strlen (folded));
  if (!g_str_equal (spelled, words))
    {
      g_autofree char *folded_spelled = dc_place_text_fold (spelled);

      g_byte_array_append (text, (const guint8 *)" ", 1);
      g_byte_array_append (text, (const guint8 *)folded_spelled, strlen (folded_spelled));
    }
  g_byte_array_append (text, (const guint8 *)"", 1);
}

static guint64
service_bits (DcPlace *place, GPtrArray *names)
{
  const char *const *services = dc_place_get_services (place);
  guint64 bits = 0;

  for (guint i = 0; services[i] != NULL; i++)
    {
      guint bit;

      if (!g_ptr_array_find_with_equal_func (names, services[i], g_str_equal, &bit))
        {
          bit = names->len;
          g_ptr_array_add (names, (gpointer)services[i]);
        }
      bits |= bit < DC_PLACE_INDEX_SERVICE_BITS ? G_GUINT64_CONSTANT (1) << bit
                                                : DC_PLACE_INDEX_SERVICE_OVERFLOW;
    }
  return bits;
}

static GVariant *
fixed_array (const GVariantType *element, GArray *array, gsize element_size)
{
  return g_variant_new_fixed_array (element, array->data, array->len, element_size);
}

static GVariant *
metadata (DcPlaceCollection *collection, const char *origin)
{
  g_auto (GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  const char *name = dc_place_collection_get_dataset_name (collection);

  if (name != NULL)
    g_variant_builder_add (&builder, "{sv}", "dataset-name", g_variant_new_string (name));
  g_variant_builder_add (&builder, "{sv}", "demo",
                         g_variant_new_boolean (dc_place_collection_get_is_demo (collection)));
  g_variant_builder_add (&builder, "{sv}", "origin", g_variant_new_string (origin ? origin : ""));
  g_variant_builder_add (&builder, "{sv}", "leaf-size",
                         g_variant_new_uint32 (DC_PLACE_INDEX_LEAF_SIZE));
  return g_variant_builder_end (&builder);
}

/* Kind and services by slot, so a filtered search reads nothing else. */
static void
slot_attributes (Tree *tree, GListModel *places, GArray *kinds, GArray *services, GPtrArray *names)
{
  for (guint slot = 0; slot < tree->slots->len; slot++)
    {
      guint32 id = g_array_index (tree->slots, guint32, slot);
      g_autoptr (DcPlace) place = g_list_model_get_item (places, id);
      guint8 kind = dc_place_get_kind (place);
      guint64 bits = service_bits (place, names);

      g_array_append_val (kinds, kind);
      g_array_append_val (services, bits);
    }
}

/**
 * dc_place_index_serialize:
 * @collection: the places
 * @origin: (nullable): where they came from, kept for whoever opens the file
 *
 * Returns: (transfer full): the index as a GVariant of %DC_PLACE_INDEX_TYPE
 */
GVariant *
dc_place_index_serialize (DcPlaceCollection *collection, const char *origin)
{
  GListModel *places = G_LIST_MODEL (collection);
  guint n = g_list_model_get_n_items (places);
  g_auto (GVariantBuilder) tuples = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(yssssssssssssas)"));
  g_autoptr (GArray) positions = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n);
  g_autoptr (GByteArray) text = g_byte_array_new ();
  g_autoptr (GArray) offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n + 1);
  g_autoptr (GArray) kinds = g_array_sized_new (FALSE, FALSE, sizeof (guint8), n);
  g_autoptr (GArray) services = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  g_autoptr (GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (double), 3 * n);
  g_autoptr (GArray) slots = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  g_autoptr (GArray) axes = g_array_sized_new (FALSE, TRUE, sizeof (guint8), n);
  Tree tree = { points, slots, axes };
  guint32 end;

  g_array_set_size (axes, n);
  for (guint32 i = 0; i < n; i++)
    {
      g_autoptr (DcPlace) place = g_list_model_get_item (places, i);
      double position[2] = { dc_place_get_latitude (place), dc_place_get_longitude (place) };
      double point[3];

      g_variant_builder_add_value (&tuples, place_tuple (place));
      g_array_append_vals (positions, position, 2);
      append_search_text (text, offsets, place);
      dc_place_index_to_unit_sphere (position[0], position[1], point);
      g_array_append_vals (points, point, 3);
      g_array_append_val (slots, i);
    }
  end = text->len;
  g_array_append_val (offsets, end);

  if (n > 0)
    build_tree (&tree, 0, n - 1);
  slot_attributes (&tree, places, kinds, services, names);
  g_ptr_array_add (names, NULL);

  return g_variant_ref_sink (g_variant_new (
    "(su@a{sv}@a(yssssssssssssas)@ad@ay@au@ad@au@ay@ay@at^as)", DC_PLACE_INDEX_MAGIC,
    DC_PLACE_INDEX_VERSION, metadata (collection, origin), g_variant_builder_end (&tuples),
    fixed_array (G_VARIANT_TYPE_DOUBLE, positions, sizeof (double)),
    g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, text->data, text->len, 1),
    fixed_array (G_VARIANT_TYPE_UINT32, offsets, sizeof (guint32)),
    fixed_array (G_VARIANT_TYPE_DOUBLE, points, sizeof (double)),
    fixed_array (G_VARIANT_TYPE_UINT32, slots, sizeof (guint32)),
    fixed_array (G_VARIANT_TYPE_BYTE, axes, 1), fixed_array (G_VARIANT_TYPE_BYTE, kinds, 1),
    fixed_array (G_VARIANT_TYPE_UINT64, services, sizeof (guint64)), names->pdata));
}
