/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dc-application.h"
#include "dc-place-details.h"
#include "dc-place-format.h"
#include "dc-place-map.h"
#include "dc-place-result.h"
#include "dc-place-row.h"
#include "dc-places-page-private.h"
#include "dc-vendor-config.h"

/**
 * DcPlacesPage:
 *
 * Service centers and experience stores: a search for a town, "Near Me", chips for the two
 * kinds, a list nearest first with distances and whether each is open, a map on request, and a
 * place's details. The places load when the page is first shown; the map is made when the
 * customer first opens it. Demo data says so.
 */

G_DEFINE_FINAL_TYPE (DcPlacesPage, dc_places_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_SHOW_SERVICE_CENTERS,
  PROP_SHOW_STORES,
  PROP_SHOW_MAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_row (gpointer item, gpointer user_data)
{
  DcPlacesPage *self = user_data;

  return dc_place_row_new (DC_PLACE_RESULT (item), self->miles);
}

static void
search_changed (DcPlacesPage *self)
{
  dc_places_page_update_list (self);
}

static void
show_error (DcPlacesPage *self, const GError *error)
{
  /* Set only now: at this size the icon is an SVG, and loading the SVG renderer at start-up
   * for a page nobody sees costs 7 MB. */
  adw_status_page_set_icon_name (self->error_status, "mark-location-symbolic");
  adw_status_page_set_description (self->error_status, error->message);
  gtk_stack_set_visible_child_name (self->view_stack, "error");
}

static void
refreshed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  DcPlaceRefresh outcome = dc_place_store_refresh_finish (DC_PLACE_STORE (source), result, &error);
  DcPlacesPage *self;

  /* The places already listed stay: a feed that cannot be reached is not the customer's
   * problem. */
  if (outcome == DC_PLACE_REFRESH_FAILED)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Places feed not refreshed: %s", error->message);
      return;
    }
  self = DC_PLACES_PAGE (user_data);
  if (outcome == DC_PLACE_REFRESH_UPDATED)
    {
      g_set_object (&self->index, dc_place_store_get_index (self->store));
      dc_places_page_update_list (self);
    }
}

static void
loaded_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcPlaceIndex) index
    = dc_place_store_load_finish (DC_PLACE_STORE (source), result, &error);
  DcPlacesPage *self;

  if (index == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DC_PLACES_PAGE (user_data);
  if (index == NULL)
    {
      show_error (self, error);
      return;
    }
  g_set_object (&self->index, index);
  dc_places_page_update_list (self);
  if (dc_place_store_get_feed_url (self->store) != NULL)
    dc_place_store_refresh_async (self->store, self->cancellable, refreshed_cb, self);
}

/* The vendor's feed, when there is one; the demo set otherwise. */
static DcPlaceStore *
create_store (DcPlacesPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app
    = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;
  g_autoptr (DcVendorConfig) config = NULL;

  if (DC_IS_APPLICATION (app))
    config = g_object_ref (dc_application_get_vendor_config (DC_APPLICATION (app)));
  else
    config = dc_vendor_config_load (NULL);
  return dc_place_store_new (dc_vendor_config_get_places_feed (config), NULL);
}

static void
dc_places_page_map (GtkWidget *widget)
{
  DcPlacesPage *self = DC_PLACES_PAGE (widget);
  g_autoptr (GDateTime) now = NULL;

  GTK_WIDGET_CLASS (dc_places_page_parent_class)->map (widget);

  if (self->store == NULL)
    {
      self->store = create_store (self);
      dc_place_store_load_async (self->store, self->cancellable, loaded_cb, self);
      return;
    }
  /* Back on the page after a place opened or closed: say it as it is now. */
  now = dc_places_page_dup_now (self);
  if (self->next_change != NULL && g_date_time_compare (now, self->next_change) >= 0)
    dc_places_page_update_list (self);
}

static DcPlace *
find_listed (DcPlacesPage *self, const char *id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DcPlaceResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), i);
      DcPlace *place = dc_place_result_get_place (result);

      if (g_strcmp0 (dc_place_get_id (place), id) == 0)
        return place;
    }
  return NULL;
}

static void
show_place_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcPlacesPage *self = DC_PLACES_PAGE (widget);
  DcPlace *place = find_listed (self, g_variant_get_string (param, NULL));
  g_autoptr (GDateTime) now = dc_places_page_dup_now (self);
  GtkWidget *details = adw_bin_get_child (self->details_slot);

  if (place == NULL)
    return;
  if (details == NULL)
    {
      details = g_object_new (DC_TYPE_PLACE_DETAILS, NULL);
      adw_bin_set_child (self->details_slot, details);
    }
  dc_place_details_set_place (DC_PLACE_DETAILS (details), place, now);
  gtk_stack_set_visible_child_name (self->details_stack, "place");
  adw_leaflet_set_visible_child_name (self->leaflet, "details");
}

static void
back_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  adw_leaflet_navigate (DC_PLACES_PAGE (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
located_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  double latitude, longitude;
  DcPlacesPage *self;

  if (!dc_locator_locate_finish (DC_LOCATOR (source), result, &latitude, &longitude, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = DC_PLACES_PAGE (user_data);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "places.near-me", TRUE);
  if (error != NULL)
    {
      self->locate_failed = TRUE;
      dc_places_page_update_list (self);
      return;
    }
  dc_places_page_set_position (self, latitude, longitude);
}

static void
near_me_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcPlacesPage *self = DC_PLACES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->locator == NULL)
    self->locator = dc_locator_new ();
  gtk_widget_action_set_enabled (widget, "places.near-me", FALSE);
  dc_locator_locate_async (self->locator, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                           self->cancellable, located_cb, self);
}

/* The map is made the first time it is asked for, never at start-up. */
static void
set_show_map (DcPlacesPage *self, gboolean show_map)
{
  if (self->show_map == show_map)
    return;
  self->show_map = show_map;
  if (show_map && adw_bin_get_child (self->map_slot) == NULL)
    adw_bin_set_child (self->map_slot, dc_place_map_new ());
  dc_places_page_update_list (self);
  if (self->index == NULL)
    gtk_stack_set_visible_child_name (self->view_stack, show_map ? "map" : "list");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_MAP]);
}

static void
set_kind_shown (DcPlacesPage *self, gboolean *field, gboolean shown, guint prop)
{
  if (*field == shown)
    return;
  *field = shown;
  dc_places_page_update_list (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
dc_places_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcPlacesPage *self = DC_PLACES_PAGE (object);

  switch (prop_id)
    {
      case PROP_SHOW_SERVICE_CENTERS:
        g_value_set_boolean (value, self->show_service_centers);
        break;
      case PROP_SHOW_STORES:
        g_value_set_boolean (value, self->show_stores);
        break;
      case PROP_SHOW_MAP:
        g_value_set_boolean (value, self->show_map);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_places_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DcPlacesPage *self = DC_PLACES_PAGE (object);

  switch (prop_id)
    {
      case PROP_SHOW_SERVICE_CENTERS:
        set_kind_shown (self, &self->show_service_centers, g_value_get_boolean (value), prop_id);
        break;
      case PROP_SHOW_STORES:
        set_kind_shown (self, &self->show_stores, g_value_get_boolean (value), prop_id);
        break;
      case PROP_SHOW_MAP:
        set_show_map (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dc_places_page_dispose (GObject *object)
{
  DcPlacesPage *self = DC_PLACES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->locator);
  g_clear_object (&self->store);
  g_clear_object (&self->index);
  g_clear_object (&self->results);
  g_clear_pointer (&self->now, g_date_time_unref);
  g_clear_pointer (&self->next_change, g_date_time_unref);

  G_OBJECT_CLASS (dc_places_page_parent_class)->dispose (object);
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_SHOW_SERVICE_CENTERS]
    = g_param_spec_boolean ("show-service-centers", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_STORES]
    = g_param_spec_boolean ("show-stores", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_MAP]
    = g_param_spec_boolean ("show-map", NULL, NULL, FALSE,
                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_places_page_class_init (DcPlacesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_places_page_dispose;
  object_class->get_property = dc_places_page_get_property;
  object_class->set_property = dc_places_page_set_property;
  widget_class->map = dc_places_page_map;
  install_properties (object_class);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-places-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, origin_label);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, demo_label);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, places_list);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, map_slot);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, error_status);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, details_slot);
  gtk_widget_class_bind_template_callback (widget_class, search_changed);

  gtk_widget_class_install_property_action (widget_class, "places.show-service-centers",
                                            "show-service-centers");
  gtk_widget_class_install_property_action (widget_class, "places.show-stores", "show-stores");
  gtk_widget_class_install_property_action (widget_class, "places.show-map", "show-map");
  gtk_widget_class_install_action (widget_class, "places.show-place", "s", show_place_activated);
  gtk_widget_class_install_action (widget_class, "places.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "places.near-me", NULL, near_me_activated);
}

static void
dc_places_page_init (DcPlacesPage *self)
{
  g_autofree char *country = dc_locale_country (setlocale (LC_MEASUREMENT, NULL));

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->results = g_list_store_new (DC_TYPE_PLACE_RESULT);
  if (country == NULL)
    country = dc_locale_country (NULL);
  self->miles = dc_place_format_uses_miles (country);
  gtk_list_box_bind_model (self->places_list, G_LIST_MODEL (self->results), create_row, self, NULL);
}

/**
 * dc_places_page_set_now:
 * @self: the page
 * @now: (nullable): the moment to say "open" or "closed" for, or %NULL for the clock
 *
 * For the tests: opening hours against a known moment.
 */
void
dc_places_page_set_now (DcPlacesPage *self, GDateTime *now)
{
  g_return_if_fail (DC_IS_PLACES_PAGE (self));

  g_clear_pointer (&self->now, g_date_time_unref);
  if (now != NULL)
    self->now = g_date_time_ref (now);
  dc_places_page_update_list (self);
}

/**
 * dc_places_page_set_position:
 * @self: the page
 * @latitude: degrees
 * @longitude: degrees
 *
 * Lists the places nearest to a position, as when the location portal answers "Near Me".
 */
void
dc_places_page_set_position (DcPlacesPage *self, double latitude, double longitude)
{
  g_return_if_fail (DC_IS_PLACES_PAGE (self));

  self->has_position = TRUE;
  self->locate_failed = FALSE;
  self->position[0] = latitude;
  self->position[1] = longitude;
  /* The position answers "where": a town typed before would hide it. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  dc_places_page_update_list (self);
}

/**
 * dc_places_page_get_map:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the map, or %NULL until the customer first opens it
 */
GtkWidget *
dc_places_page_get_map (DcPlacesPage *self)
{
  g_return_val_if_fail (DC_IS_PLACES_PAGE (self), NULL);
  return adw_bin_get_child (self->map_slot);
}

GtkListBox *
dc_places_page_get_list (DcPlacesPage *self)
{
  g_return_val_if_fail (DC_IS_PLACES_PAGE (self), NULL);
  return self->places_list;
}

/**
 * dc_places_page_get_details:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the details, or %NULL until a place is first opened
 */
GtkWidget *
dc_places_page_get_details (DcPlacesPage *self)
{
  g_return_val_if_fail (DC_IS_PLACES_PAGE (self), NULL);
  return adw_bin_get_child (self->details_slot);
}

/**
 * dc_places_page_get_index:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the places, or %NULL until they are loaded
 */
DcPlaceIndex *
dc_places_page_get_index (DcPlacesPage *self)
{
  g_return_val_if_fail (DC_IS_PLACES_PAGE (self), NULL);
  return self->index;
}
