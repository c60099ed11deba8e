/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <shumate/shumate.h>

#include "dc-place-map.h"
#include "dc-place-result.h"

/**
 * DcPlaceMap:
 *
 * The listed places on an OpenStreetMap map, one marker each, and the customer's position when
 * the location portal gave it. Tiles come from the network; without one the map stays empty
 * and the list and details still work. Made only when the customer first opens the map.
 */
struct _DcPlaceMap
{
  GtkWidget parent_instance;

  ShumateMapSourceRegistry *registry;
  ShumateSimpleMap *map;
  ShumateMarkerLayer *markers;
};

G_DEFINE_FINAL_TYPE (DcPlaceMap, dc_place_map, GTK_TYPE_WIDGET)

/* Close enough to tell the streets of one town apart. */
#define TOWN_ZOOM 12.0

static void
marker_clicked (GtkButton *button)
{
  gtk_widget_activate_action (GTK_WIDGET (button), "places.show-place", "s",
                              g_object_get_data (G_OBJECT (button), "dc-place-id"));
}

static GtkWidget *
place_marker (DcPlace *place)
{
  ShumateMarker *marker = shumate_marker_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("mark-location-symbolic");

  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "dc-map-marker");
  gtk_widget_set_tooltip_text (button, dc_place_get_name (place));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dc_place_get_name (place), -1);
  /* Clicked, not an action name: GTK 4.8 takes ~15 ms to resolve each actionable's action
   * among the page's, a second and more for a map of places. */
  g_object_set_data_full (G_OBJECT (button), "dc-place-id", g_strdup (dc_place_get_id (place)),
                          g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (marker_clicked), NULL);
  shumate_marker_set_child (marker, button);
  shumate_location_set_location (SHUMATE_LOCATION (marker), dc_place_get_latitude (place),
                                 dc_place_get_longitude (place));
  return GTK_WIDGET (marker);
}

static GtkWidget *
position_marker (const double *position)
{
  ShumateMarker *marker = shumate_marker_new ();
  GtkWidget *dot = gtk_image_new_from_icon_name ("find-location-symbolic");

  gtk_widget_add_css_class (dot, "dc-map-position");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Your location"), -1);
  shumate_marker_set_child (marker, dot);
  shumate_location_set_location (SHUMATE_LOCATION (marker), position[0], position[1]);
  return GTK_WIDGET (marker);
}

/* Every listed place in view: the middle of their box, at a zoom that roughly spans it. */
static void
frame_places (DcPlaceMap *self, GListModel *results)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->map);
  double south = 90, north = -90, west = 180, east = -180, span;
  guint n = g_list_model_get_n_items (results);

  if (n == 0)
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DcPlaceResult) result = g_list_model_get_item (results, i);
      DcPlace *place = dc_place_result_get_place (result);

      south = MIN (south, dc_place_get_latitude (place));
      north = MAX (north, dc_place_get_latitude (place));
      west = MIN (west, dc_place_get_longitude (place));
      east = MAX (east, dc_place_get_longitude (place));
    }
  span = MAX (MAX (north - south, east - west), 0.01);
  shumate_viewport_set_zoom_level (viewport, CLAMP (floor (log2 (360.0 / span)), 2.0, TOWN_ZOOM));
  shumate_map_center_on (shumate_simple_map_get_map (self->map), (south + north) / 2,
                         (west + east) / 2);
}

/**
 * dc_place_map_show:
 * @self: the map
 * @results: (element-type DcPlaceResult): the places listed
 * @position: (nullable) (array fixed-size=2): the customer's latitude and longitude
 * @origin: (nullable) (array fixed-size=2): where distances are measured from, to centre on
 */
void
dc_place_map_show (DcPlaceMap *self, GListModel *results, const double *position,
                   const double *origin)
{
  guint n = g_list_model_get_n_items (results);

  g_return_if_fail (DC_IS_PLACE_MAP (self));

  shumate_marker_layer_remove_all (self->markers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DcPlaceResult) result = g_list_model_get_item (results, i);

      shumate_marker_layer_add_marker (
        self->markers, SHUMATE_MARKER (place_marker (dc_place_result_get_place (result))));
    }
  if (position != NULL)
    shumate_marker_layer_add_marker (self->markers, SHUMATE_MARKER (position_marker (position)));

  if (origin == NULL)
    {
      frame_places (self, results);
      return;
    }
  shumate_viewport_set_zoom_level (shumate_simple_map_get_viewport (self->map), TOWN_ZOOM);
  shumate_map_center_on (shumate_simple_map_get_map (self->map), origin[0], origin[1]);
}

/**
 * dc_place_map_get_n_markers:
 * @self: the map
 *
 * Returns: how many markers the map holds, the position's included
 */
guint
dc_place_map_get_n_markers (DcPlaceMap *self)
{
  g_autoptr (GList) markers = NULL;

  g_return_val_if_fail (DC_IS_PLACE_MAP (self), 0);
  markers = shumate_marker_layer_get_markers (self->markers);
  return g_list_length (markers);
}

static void
dc_place_map_dispose (GObject *object)
{
  DcPlaceMap *self = DC_PLACE_MAP (object);

  if (self->map != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->map));
      self->map = NULL;
      self->markers = NULL;
    }
  g_clear_object (&self->registry);

  G_OBJECT_CLASS (dc_place_map_parent_class)->dispose (object);
}

static void
dc_place_map_class_init (DcPlaceMapClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dc_place_map_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
dc_place_map_init (DcPlaceMap *self)
{
  ShumateMapSource *source;

  /* The OpenStreetMap tile servers ask every app to say who it is. */
  shumate_set_user_agent ("DeviceCare/" PACKAGE_VERSION " (" APP_ID ")");
  self->registry = shumate_map_source_registry_new_with_defaults ();
  source = shumate_map_source_registry_get_by_id (self->registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);

  self->map = shumate_simple_map_new ();
  shumate_simple_map_set_map_source (self->map, source);
  gtk_widget_set_parent (GTK_WIDGET (self->map), GTK_WIDGET (self));

  self->markers = shumate_marker_layer_new (shumate_simple_map_get_viewport (self->map));
  shumate_simple_map_add_overlay_layer (self->map, SHUMATE_LAYER (self->markers));
  /* On a phone the scale sits under the map's licence, which must stay readable; the list says
   * how far each place is. */
  gtk_widget_set_visible (GTK_WIDGET (shumate_simple_map_get_scale (self->map)), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _ ("Map of the places"), -1);
}

/**
 * dc_place_map_new:
 *
 * Returns: (transfer floating): a map with no markers yet
 */
GtkWidget *
dc_place_map_new (void)
{
  return g_object_new (DC_TYPE_PLACE_MAP, NULL);
}
