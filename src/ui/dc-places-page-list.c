/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dc-place-map.h"
#include "dc-place-result.h"
#include "dc-places-page-private.h"

/* What the Places list holds: nearest first from the customer's position or from the first
 * place that matches what they typed, the chosen kinds only, and whether each is open now. */

/* Enough for any town: a list of thousands helps nobody on a phone, and each row costs about
 * half a millisecond to make. */
#define MAX_ROWS 50

/**
 * dc_places_page_dup_now:
 * @self: the page
 *
 * Returns: (transfer full): the moment the list says "open" or "closed" for
 */
GDateTime *
dc_places_page_dup_now (DcPlacesPage *self)
{
  return self->now != NULL ? g_date_time_ref (self->now) : g_date_time_new_now_local ();
}

static guint
chosen_kinds (DcPlacesPage *self)
{
  /* No chip chosen shows every kind, as both do. */
  return (self->show_service_centers ? DC_PLACE_FILTER_KIND (DC_PLACE_KIND_SERVICE_CENTER) : 0)
         | (self->show_stores ? DC_PLACE_FILTER_KIND (DC_PLACE_KIND_EXPERIENCE_STORE) : 0);
}

/* With nothing to measure from: the places of the chosen kinds, in the order of the file. */
static GArray *
in_file_order (DcPlaceIndex *index, guint kinds)
{
  GArray *hits = g_array_new (FALSE, FALSE, sizeof (DcPlaceHit));
  guint n = dc_place_index_get_n_places (index);

  for (guint i = 0; i < n && hits->len < MAX_ROWS; i++)
    {
      g_autoptr (DcPlace) place = dc_place_index_dup_place (index, i);
      DcPlaceHit hit = { i, NAN };

      if (kinds == 0 || (kinds & DC_PLACE_FILTER_KIND (dc_place_get_kind (place))) != 0)
        g_array_append_val (hits, hit);
    }
  return hits;
}

/* The first place the typed words find, whatever its kind: the customer names a town. */
static DcPlace *
typed_origin (DcPlaceIndex *index, const char *text)
{
  g_autoptr (GArray) matches = dc_place_index_search_text (index, text, NULL);

  if (matches->len == 0)
    return NULL;
  return dc_place_index_dup_place (index, g_array_index (matches, DcPlaceHit, 0).index);
}

static void
fill_results (DcPlacesPage *self, GArray *hits, GDateTime *now)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < hits->len; i++)
    {
      const DcPlaceHit *hit = &g_array_index (hits, DcPlaceHit, i);
      g_autoptr (DcPlace) place = dc_place_index_dup_place (self->index, hit->index);

      g_ptr_array_add (results, dc_place_result_new (place, hit->distance_m, now));
    }
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       results->pdata, results->len);
}

static gboolean
refresh_cb (gpointer data)
{
  DcPlacesPage *self = data;

  self->refresh_id = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    dc_places_page_update_list (self);
  return G_SOURCE_REMOVE;
}

/* One timeout, at the first moment a listed place opens or closes: no polling. */
static void
schedule_refresh (DcPlacesPage *self, GDateTime *now)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  GTimeSpan wait;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->next_change, g_date_time_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DcPlaceResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), i);
      GDateTime *change = dc_place_result_get_next_change (result);

      if (change != NULL
          && (self->next_change == NULL || g_date_time_compare (change, self->next_change) < 0))
        {
          g_clear_pointer (&self->next_change, g_date_time_unref);
          self->next_change = g_date_time_ref (change);
        }
    }
  if (self->next_change == NULL)
    return;
  wait = g_date_time_difference (self->next_change, now);
  self->refresh_id
    = g_timeout_add_seconds (MAX (1, wait / G_TIME_SPAN_SECOND + 1), refresh_cb, self);
}

static void
sync_map (DcPlacesPage *self)
{
  GtkWidget *map = adw_bin_get_child (self->map_slot);

  if (map == NULL)
    return;
  dc_place_map_show (DC_PLACE_MAP (map), G_LIST_MODEL (self->results),
                     self->has_position ? self->position : NULL,
                     self->has_origin ? self->origin : NULL);
}

/* What the list is measured from, or what to do to measure it. */
static char *
origin_line (DcPlacesPage *self, DcPlace *typed)
{
  if (typed != NULL)
    /* Translators: where distances are measured from: a place's name, then its town */
    return g_strdup_printf (_ ("Distances from %s in %s"), dc_place_get_name (typed),
                            dc_place_get_city (typed));
  if (self->has_position)
    return g_strdup (_ ("Distances from your location"));
  if (self->locate_failed)
    return g_strdup (
      _ ("Your location is not available on this device. Type a city or postcode instead."));
  return g_strdup (_ ("Type a city or postcode to see the nearest places first."));
}

static void
show_view (DcPlacesPage *self, const char *text, gboolean typed_found)
{
  g_autofree char *description = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0 || self->show_map)
    {
      gtk_stack_set_visible_child_name (self->view_stack, self->show_map ? "map" : "list");
      return;
    }
  if (*text != '\0' && !typed_found)
    /* Translators: %s is what the customer typed in the search entry */
    description = g_strdup_printf (_ ("Nothing matches “%s”. Try a city, a postcode or a "
                                      "place’s name."),
                                   text);
  else
    description = g_strdup (_ ("No place of the chosen kind is listed."));
  adw_status_page_set_description (self->empty_status, description);
  gtk_stack_set_visible_child_name (self->view_stack, "empty");
}

/**
 * dc_places_page_update_list:
 * @self: the page
 *
 * Lists the places again for what the customer typed or chose and for the time now.
 */
void
dc_places_page_update_list (DcPlacesPage *self)
{
  g_autofree char *text
    = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  DcPlaceFilter filter = { .kinds = chosen_kinds (self) };
  g_autoptr (GDateTime) now = dc_places_page_dup_now (self);
  g_autoptr (DcPlace) typed = NULL;
  g_autoptr (GArray) hits = NULL;
  g_autofree char *origin = NULL;

  if (self->index == NULL)
    return;

  self->has_origin = FALSE;
  if (*text != '\0' && (typed = typed_origin (self->index, text)) != NULL)
    {
      self->has_origin = TRUE;
      self->origin[0] = dc_place_get_latitude (typed);
      self->origin[1] = dc_place_get_longitude (typed);
    }
  else if (*text == '\0' && self->has_position)
    {
      self->has_origin = TRUE;
      self->origin[0] = self->position[0];
      self->origin[1] = self->position[1];
    }

  if (self->has_origin)
    hits = dc_place_index_nearest (self->index, self->origin[0], self->origin[1], MAX_ROWS, 0,
                                   &filter);
  else if (*text != '\0')
    hits = g_array_new (FALSE, FALSE, sizeof (DcPlaceHit));
  else
    hits = in_file_order (self->index, filter.kinds);

  fill_results (self, hits, now);
  origin = origin_line (self, typed);
  gtk_label_set_label (self->origin_label, origin);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_label), dc_place_index_get_is_demo (self->index));
  show_view (self, text, typed != NULL);
  schedule_refresh (self, now);
  sync_map (self);
}
