/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dc-place-format.h"
#include "dc-place-row.h"

/**
 * DcPlaceRow:
 *
 * A place in the Places list: its name, how far it is and in which town, and whether it is open
 * now. Activating it opens the place's details.
 */
struct _DcPlaceRow
{
  AdwActionRow parent_instance;

  DcPlaceResult *result;

  GtkImage *kind_icon;
};

G_DEFINE_FINAL_TYPE (DcPlaceRow, dc_place_row, ADW_TYPE_ACTION_ROW)

static void
dc_place_row_dispose (GObject *object)
{
  g_clear_object (&DC_PLACE_ROW (object)->result);
  G_OBJECT_CLASS (dc_place_row_parent_class)->dispose (object);
}

static void
dc_place_row_class_init (DcPlaceRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dc_place_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-place-row.ui");
  gtk_widget_class_bind_template_child (widget_class, DcPlaceRow, kind_icon);
}

static void
dc_place_row_init (DcPlaceRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
where_line (DcPlaceResult *result, gboolean miles)
{
  DcPlace *place = dc_place_result_get_place (result);
  double distance = dc_place_result_get_distance (result);
  g_autofree char *text = NULL;

  if (isnan (distance))
    return g_strdup (dc_place_get_city (place));
  text = dc_place_format_distance (distance, miles);
  if (dc_place_get_city (place) == NULL)
    return g_steal_pointer (&text);
  /* Translators: how far a place is, and its town: "2.3 km · München" */
  return g_strdup_printf (_ ("%s · %s"), text, dc_place_get_city (place));
}

/**
 * dc_place_row_new:
 * @result: the place and its distance
 * @miles: whether distances are said in miles
 *
 * Returns: (transfer floating): a row whose action target is the place's id
 */
GtkWidget *
dc_place_row_new (DcPlaceResult *result, gboolean miles)
{
  DcPlaceRow *self = g_object_new (DC_TYPE_PLACE_ROW, NULL);
  DcPlace *place = dc_place_result_get_place (result);
  DcPlaceKind kind = dc_place_get_kind (place);
  g_autofree char *where = where_line (result, miles);
  g_autofree char *subtitle = NULL;

  self->result = g_object_ref (result);
  subtitle = where != NULL
               ? g_strdup_printf ("%s\n%s", where, dc_place_result_get_state_line (result))
               : g_strdup (dc_place_result_get_state_line (result));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), dc_place_get_name (place));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_image_set_from_icon_name (self->kind_icon, kind == DC_PLACE_KIND_SERVICE_CENTER
                                                   ? "emblem-system-symbolic"
                                                   : "phone-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->kind_icon), dc_place_kind_to_label (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->kind_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dc_place_kind_to_label (kind), -1);
  /* Target first: an action name without its target is a warning. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", dc_place_get_id (place));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self), "places.show-place");
  return GTK_WIDGET (self);
}

/**
 * dc_place_row_get_result:
 * @self: a row
 *
 * Returns: (transfer none): what the row shows
 */
DcPlaceResult *
dc_place_row_get_result (DcPlaceRow *self)
{
  g_return_val_if_fail (DC_IS_PLACE_ROW (self), NULL);
  return self->result;
}
