/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-place-collection.h"
#include "dc-places-page.h"

/**
 * DcPlacesPage:
 *
 * Service centers and experience stores, loaded when the page is first
 * shown. Demo data says so.
 */
struct _DcPlacesPage
{
  AdwBin parent_instance;

  DcPlaceCollection *places;

  GtkStack *stack;
  AdwPreferencesGroup *places_group;
  GtkListBox *places_list;
  AdwStatusPage *error_status;
};

G_DEFINE_FINAL_TYPE (DcPlacesPage, dc_places_page, ADW_TYPE_BIN)

static GtkWidget *
create_place_row (gpointer item, gpointer user_data)
{
  DcPlace *place = DC_PLACE (item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon;
  /* Translators: a place's city and kind, e.g. "Berlin · Service center" */
  g_autofree char *subtitle = g_strdup_printf (_ ("%s · %s"), dc_place_get_city (place),
                                               dc_place_kind_to_label (dc_place_get_kind (place)));

  icon = gtk_image_new_from_icon_name (dc_place_get_kind (place) == DC_PLACE_KIND_SERVICE_CENTER
                                         ? "preferences-system-symbolic"
                                         : "mark-location-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dc_place_kind_to_label (dc_place_get_kind (place)), -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dc_place_get_name (place));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
dc_places_page_map (GtkWidget *widget)
{
  DcPlacesPage *self = DC_PLACES_PAGE (widget);
  g_autoptr (GError) error = NULL;

  GTK_WIDGET_CLASS (dc_places_page_parent_class)->map (widget);

  if (self->places != NULL)
    return;

  self->places = dc_place_collection_new_demo (&error);
  if (self->places == NULL)
    {
      /* Set only now: at this size the icon is an SVG, and loading the SVG renderer at start-up
       * for a page nobody sees costs 7 MB. */
      adw_status_page_set_icon_name (self->error_status, "mark-location-symbolic");
      adw_status_page_set_description (self->error_status, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  if (dc_place_collection_get_is_demo (self->places))
    adw_preferences_group_set_description (
      self->places_group, _ ("Demo data: these places show how the app works and are not real."));
  gtk_list_box_bind_model (self->places_list, G_LIST_MODEL (self->places), create_place_row, NULL,
                           NULL);
}

static void
dc_places_page_dispose (GObject *object)
{
  DcPlacesPage *self = DC_PLACES_PAGE (object);

  g_clear_object (&self->places);

  G_OBJECT_CLASS (dc_places_page_parent_class)->dispose (object);
}

static void
dc_places_page_class_init (DcPlacesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_places_page_dispose;
  widget_class->map = dc_places_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-places-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, places_group);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, places_list);
  gtk_widget_class_bind_template_child (widget_class, DcPlacesPage, error_status);
}

static void
dc_places_page_init (DcPlacesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
