/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <math.h>
#include <string.h>

#include "dc-place-index-private.h"

/* The searches of DcPlaceIndex. Nearest-first walks the k-d tree depth
 * first, nearer half first, and skips the other half when the splitting
 * plane is farther than the k-th best place so far: straight-line distance
 * on the unit sphere orders places as the great circle does. Ties go to the
 * place earlier in the file, so the answer is the same as a full scan's. */

typedef struct
{
  double distance2; /* squared straight-line distance on the unit sphere */
  guint32 place;
} Candidate;

typedef struct
{
  DcPlaceIndex *index;
  double query[3];
  double bound;   /* no place farther than this (squared) can make the list */
  double radius2; /* the caller's limit, squared; INFINITY for none */
  guint limit;    /* 0 for every place within the radius */
  GArray *found;  /* Candidate; a max-heap while there is a limit */
  guint kinds;
  guint64 service_bit;      /* 0 when any service will do */
  const char *late_service; /* a service past the bits, looked up by name */
} Search;

static gboolean
worse (const Candidate *a, const Candidate *b)
{
  return a->distance2 > b->distance2 || (a->distance2 == b->distance2 && a->place > b->place);
}

static void
sift_up (Candidate *heap, guint i)
{
  while (i > 0 && worse (&heap[i], &heap[(i - 1) / 2]))
    {
      Candidate t = heap[i];

      heap[i] = heap[(i - 1) / 2];
      heap[(i - 1) / 2] = t;
      i = (i - 1) / 2;
    }
}

static void
sift_down (Candidate *heap, guint n)
{
  guint i = 0;

  for (;;)
    {
      guint largest = i;
      Candidate t;

      if (2 * i + 1 < n && worse (&heap[2 * i + 1], &heap[largest]))
        largest = 2 * i + 1;
      if (2 * i + 2 < n && worse (&heap[2 * i + 2], &heap[largest]))
        largest = 2 * i + 2;
      if (largest == i)
        return;
      t = heap[i];
      heap[i] = heap[largest];
      heap[largest] = t;
      i = largest;
    }
}

static gboolean
place_offers (DcPlaceIndex *self, guint32 place, const char *service)
{
  g_autoptr (GVariant) tuple = g_variant_get_child_value (self->places, place);
  g_autoptr (GVariant) services = g_variant_get_child_value (tuple, 13);
  g_autofree const char **names = g_variant_get_strv (services, NULL);

  return g_strv_contains (names, service);
}

static gboolean
slot_passes (Search *s, guint slot)
{
  DcPlaceIndex *self = s->index;

  if (s->kinds != 0 && (s->kinds & (1u << MIN (self->slot_kinds[slot], 31))) == 0)
    return FALSE;
  if (s->service_bit != 0 && (self->slot_services[slot] & s->service_bit) == 0)
    return FALSE;
  if (s->late_service != NULL && !place_offers (self, self->slot_places[slot], s->late_service))
    return FALSE;
  return TRUE;
}

static void
offer (Search *s, guint slot, double distance2)
{
  Candidate candidate = { distance2, s->index->slot_places[slot] };
  Candidate *heap;

  if (!slot_passes (s, slot))
    return;

  if (s->limit == 0 || s->found->len < s->limit)
    {
      g_array_append_val (s->found, candidate);
      if (s->limit == 0)
        return;
      heap = (Candidate *)s->found->data;
      sift_up (heap, s->found->len - 1);
      if (s->found->len == s->limit)
        s->bound = heap[0].distance2;
      return;
    }

  heap = (Candidate *)s->found->data;
  if (worse (&heap[0], &candidate))
    {
      heap[0] = candidate;
      sift_down (heap, s->found->len);
      s->bound = heap[0].distance2;
    }
}

/* Most slots are farther than the bound: that test comes first, inline. */
static inline void
consider (Search *s, guint slot)
{
  const double *p = &s->index->points[3 * slot];
  double dx = p[0] - s->query[0], dy = p[1] - s->query[1], dz = p[2] - s->query[2];
  double distance2 = dx * dx + dy * dy + dz * dz;

  if (distance2 <= s->bound)
    offer (s, slot, distance2);
}

/* [left, right], both included; the middle slot splits it. @reach is the
 * squared distance from the query to the cell the range covers, the sum of
 * @offsets squared, its distance along each axis (Arya and Mount's
 * incremental distance): a cell farther than the worst place kept so far
 * is skipped whole. */
static void
search_range (Search *s, guint left, guint right, double reach, double offsets[3])
{
  const double *points = s->index->points;
  guint middle;
  guint axis;
  double d, old;

  if (right - left + 1 <= s->index->leaf_size)
    {
      for (guint slot = left; slot <= right; slot++)
        consider (s, slot);
      return;
    }

  middle = left + (right - left) / 2;
  axis = s->index->slot_axes[middle];
  consider (s, middle);
  d = s->query[axis] - points[3 * middle + axis];
  if (d <= 0)
    search_range (s, left, middle - 1, reach, offsets);
  else
    search_range (s, middle + 1, right, reach, offsets);

  /* The other side lies at least |d| away along this axis. */
  old = offsets[axis];
  reach += d * d - old * old;
  if (reach > s->bound)
    return;
  offsets[axis] = d;
  if (d <= 0)
    search_range (s, middle + 1, right, reach, offsets);
  else
    search_range (s, left, middle - 1, reach, offsets);
  offsets[axis] = old;
}

/* FALSE when no place can pass the filter. */
static gboolean
prepare_filter (Search *s, const DcPlaceFilter *filter)
{
  DcPlaceIndex *self = s->index;

  if (filter == NULL)
    return TRUE;
  s->kinds = filter->kinds;
  if (filter->service == NULL)
    return TRUE;

  for (gsize i = 0; i < self->n_service_names; i++)
    {
      if (!g_str_equal (self->service_names[i], filter->service))
        continue;
      if (i < DC_PLACE_INDEX_SERVICE_BITS)
        s->service_bit = G_GUINT64_CONSTANT (1) << i;
      else
        {
          s->service_bit = DC_PLACE_INDEX_SERVICE_OVERFLOW;
          s->late_service = filter->service;
        }
      return TRUE;
    }
  return FALSE;
}

static double
radius_squared (double max_distance_m)
{
  double angle = max_distance_m / DC_EARTH_RADIUS_M;
  double chord;

  if (!(max_distance_m > 0.0) || angle >= G_PI)
    return INFINITY;
  chord = 2.0 * sin (angle / 2.0);
  /* A hair wider: the exact test is by the haversine formula, below. */
  return chord * chord * (1.0 + 1e-9);
}

static int
compare_hits (gconstpointer a, gconstpointer b)
{
  const DcPlaceHit *x = a, *y = b;

  if (x->distance_m != y->distance_m)
    return x->distance_m < y->distance_m ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static int
compare_indices (gconstpointer a, gconstpointer b)
{
  const DcPlaceHit *x = a, *y = b;

  return (x->index > y->index) - (x->index < y->index);
}

static GArray *
hits_from (DcPlaceIndex *self, GArray *found, double latitude, double longitude,
           double max_distance_m)
{
  GArray *hits = g_array_sized_new (FALSE, FALSE, sizeof (DcPlaceHit), found->len);

  for (guint i = 0; i < found->len; i++)
    {
      guint32 place = g_array_index (found, Candidate, i).place;
      DcPlaceHit hit = { place, dc_place_distance (latitude, longitude, self->positions[2 * place],
                                                   self->positions[2 * place + 1]) };

      if (max_distance_m > 0.0 && hit.distance_m > max_distance_m)
        continue;
      g_array_append_val (hits, hit);
    }
  g_array_sort (hits, compare_hits);
  return hits;
}

/**
 * dc_place_index_nearest:
 * @self: an index
 * @latitude: where the customer is, degrees
 * @longitude: where the customer is, degrees
 * @limit: at most this many places, or 0 for all
 * @max_distance_m: only places this close, in metres, or 0 for any distance
 * @filter: (nullable): only places of these kinds and with this service
 *
 * Returns: (transfer full) (element-type DcPlaceHit): the places, nearest
 *   first by great-circle distance, ties in the order of the file
 */
GArray *
dc_place_index_nearest (DcPlaceIndex *self, double latitude, double longitude, guint limit,
                        double max_distance_m, const DcPlaceFilter *filter)
{
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
  Search s = { .index = self, .limit = limit, .found = found };

  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), NULL);

  s.radius2 = s.bound = radius_squared (max_distance_m);
  dc_place_index_to_unit_sphere (latitude, longitude, s.query);
  if (self->n_places > 0 && prepare_filter (&s, filter))
    {
      double offsets[3] = { 0, 0, 0 };

      search_range (&s, 0, self->n_places - 1, 0, offsets);
    }

  return hits_from (self, found, latitude, longitude, max_distance_m);
}

/**
 * dc_place_index_search_text:
 * @self: an index
 * @text: what the customer typed: words of a name, city or postcode
 * @filter: (nullable): only places of these kinds and with this service
 *
 * Finds the places where each word of @text starts a word of the name, the
 * city or the postcode, ignoring case and accents: "munchen" and
 * "muenchen" find München, "w1t" finds London W1T 4TE.
 *
 * Returns: (transfer full) (element-type DcPlaceHit): the places in the
 *   order of the file, each with a distance_m of NAN
 */
GArray *
dc_place_index_search_text (DcPlaceIndex *self, const char *text, const DcPlaceFilter *filter)
{
  g_autofree char *folded = NULL;
  g_auto (GStrv) words = NULL;
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (DcPlaceHit));
  Search s = { .index = self };

  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), hits);
  g_return_val_if_fail (text != NULL, hits);

  folded = dc_place_text_fold (text);
  words = g_strsplit (folded, " ", -1);
  if (words[0] == NULL || *words[0] == '\0' || !prepare_filter (&s, filter))
    return hits;

  /* By slot, where the filter's data is; sorted back to the file's order. */
  for (guint slot = 0; slot < self->n_places; slot++)
    {
      guint32 place = self->slot_places[slot];
      guint32 start = self->text_offsets[place];
      guint32 end = self->text_offsets[place + 1];
      DcPlaceHit hit = { place, NAN };

      if (end > start && slot_passes (&s, slot)
          && dc_place_text_matches (self->text + start, end - start - 1, words))
        g_array_append_val (hits, hit);
    }
  g_array_sort (hits, compare_indices);
  return hits;
}

/**
 * dc_place_index_dup_places:
 * @self: an index
 * @hits: (nullable) (element-type DcPlaceHit): what a search found, or
 *   %NULL for every place
 *
 * Returns: (transfer full): a #GListModel of #DcPlace, in the order of
 *   @hits, or of the file
 */
GListModel *
dc_place_index_dup_places (DcPlaceIndex *self, GArray *hits)
{
  GListStore *store = g_list_store_new (DC_TYPE_PLACE);
  guint n;

  g_return_val_if_fail (DC_IS_PLACE_INDEX (self), G_LIST_MODEL (store));

  n = hits != NULL ? hits->len : self->n_places;
  for (guint i = 0; i < n; i++)
    {
      guint index = hits != NULL ? g_array_index (hits, DcPlaceHit, i).index : i;
      g_autoptr (DcPlace) place = dc_place_index_dup_place (self, index);

      g_list_store_append (store, place);
    }
  return G_LIST_MODEL (store);
}
