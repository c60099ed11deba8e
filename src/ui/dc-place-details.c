/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-open-state-text.h"
#include "dc-place-details.h"
#include "dc-place-format.h"

/**
 * DcPlaceDetails:
 *
 * One place: whether it is open, a week of its hours, its services and address, and rows that
 * call it, open directions in the phone's maps app, open its website or copy its address.
 * Everything but the website and the directions works without a network.
 */
struct _DcPlaceDetails
{
  AdwBin parent_instance;

  DcPlace *place;
  char *address;
  GtkWidget *day_rows[7]; /* Monday to Sunday */
  GtkWidget *today_labels[7];
  GtkWidget *raw_hours_row; /* for hours the app does not understand */

  AdwToastOverlay *toast_overlay;
  AdwPreferencesPage *preferences_page;
  GtkLabel *name_label;
  GtkLabel *kind_label;
  GtkLabel *state_label;
  AdwActionRow *call_row;
  AdwActionRow *directions_row;
  AdwActionRow *website_row;
  GtkLabel *address_label;
  AdwPreferencesGroup *hours_group;
  GtkListBox *hours_list;
  AdwPreferencesGroup *services_group;
  GtkListBox *services_list;
  AdwPreferencesGroup *access_group;
  AdwActionRow *wheelchair_row;
};

G_DEFINE_FINAL_TYPE (DcPlaceDetails, dc_place_details, ADW_TYPE_BIN)

/* A row that opens @uri, or is hidden when there is none. */
static void
set_uri_row (AdwActionRow *row, const char *uri, const char *subtitle)
{
  gtk_widget_set_visible (GTK_WIDGET (row), uri != NULL);
  if (uri == NULL)
    return;
  /* Target first: an action name without its target is a warning. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", uri);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "place.open-uri");
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
}

static void
show_contact (DcPlaceDetails *self, DcPlace *place)
{
  g_autofree char *tel = dc_place_format_tel_uri (dc_place_get_phone (place));
  g_autofree char *geo = dc_place_format_geo_uri (place);
  g_autofree char *website = dc_place_format_website_uri (dc_place_get_website (place));
  g_autoptr (GUri) parsed = website != NULL ? g_uri_parse (website, G_URI_FLAGS_NONE, NULL) : NULL;

  set_uri_row (self->call_row, tel, dc_place_get_phone (place));
  set_uri_row (self->directions_row, geo, NULL);
  /* A customer reads a host, not a URL. */
  set_uri_row (self->website_row, website, parsed != NULL ? g_uri_get_host (parsed) : NULL);
}

/* The week that holds @now on the place's wall clock, one row a day. */
static void
show_week (DcPlaceDetails *self, DcOpeningHours *hours, GDateTime *now, GTimeZone *tz)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (now, tz);
  int today = g_date_time_get_day_of_week (local) - 1;
  g_autoptr (GDateTime) monday = g_date_time_add_days (local, -today);

  for (int i = 0; i < 7; i++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (monday, i);
      g_autofree char *weekday = g_date_time_format (day, "%A");
      g_autoptr (GArray) spans = NULL;
      g_autofree char *text = NULL;
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, g_date_time_get_day_of_month (day), g_date_time_get_month (day),
                      g_date_time_get_year (day));
      spans = dc_opening_hours_dup_day_spans (hours, &date, FALSE);
      text = dc_place_format_day_hours (spans);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->day_rows[i]), weekday);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->day_rows[i]), text);
      gtk_widget_set_visible (self->day_rows[i], TRUE);
      gtk_widget_set_visible (self->today_labels[i], i == today);
    }
}

static void
show_hours (DcPlaceDetails *self, DcPlace *place, GDateTime *now)
{
  const char *expr = dc_place_get_opening_hours (place);
  g_autoptr (DcOpeningHours) hours = expr != NULL ? dc_opening_hours_parse (expr, NULL) : NULL;
  g_autoptr (GTimeZone) tz = dc_place_format_dup_timezone (place);
  g_autoptr (GDateTime) next = NULL;
  DcOpenState state = DC_OPEN_STATE_UNKNOWN;
  g_autofree char *line = NULL;

  for (int i = 0; i < 7; i++)
    gtk_widget_set_visible (self->day_rows[i], FALSE);
  gtk_widget_set_visible (self->raw_hours_row, FALSE);
  adw_preferences_group_set_description (self->hours_group, NULL);

  if (hours != NULL)
    {
      state = dc_opening_hours_get_state (hours, now, tz, &next);
      show_week (self, hours, now, tz);
      if (dc_opening_hours_has_public_holiday_rules (hours))
        adw_preferences_group_set_description (self->hours_group,
                                               _ ("Hours on public holidays may differ."));
    }
  else if (expr != NULL)
    {
      /* Never a guessed "open": the hours as the place gave them. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->raw_hours_row), expr);
      gtk_widget_set_visible (self->raw_hours_row, TRUE);
      adw_preferences_group_set_description (
        self->hours_group, _ ("The app cannot read these hours, so they are shown as given."));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->hours_group), expr != NULL);

  line = dc_open_state_describe (state, now, next);
  gtk_label_set_label (self->state_label, line);
}

static GtkWidget *
create_service_row (gpointer item, gpointer user_data)
{
  const char *service = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  GtkWidget *row = adw_action_row_new ();

  /* Names from the vendor's feed are text, not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), dc_place_format_service (service));
  return row;
}

static void
show_services (DcPlaceDetails *self, DcPlace *place)
{
  const char *const *services = dc_place_get_services (place);
  g_autoptr (GtkStringList) list = gtk_string_list_new (services);
  const char *wheelchair = dc_place_format_wheelchair (dc_place_get_wheelchair (place));

  gtk_list_box_bind_model (self->services_list, G_LIST_MODEL (list), create_service_row, NULL,
                           NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->services_group), services != NULL && *services);
  gtk_widget_set_visible (GTK_WIDGET (self->access_group), wheelchair != NULL);
  if (wheelchair != NULL)
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->wheelchair_row), wheelchair);
}

/* libadwaita 1.2 has no adw_preferences_page_scroll_to_top(): a new place starts at its name. */
static void
scroll_to_top (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SCROLLED_WINDOW (child))
        {
          GtkAdjustment *adjustment
            = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child));

          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_lower (adjustment));
          return;
        }
      scroll_to_top (child);
    }
}

/**
 * dc_place_details_set_place:
 * @self: the details
 * @place: the place to show
 * @now: the moment to say "open" or "closed" for, and whose week the hours show
 */
void
dc_place_details_set_place (DcPlaceDetails *self, DcPlace *place, GDateTime *now)
{
  g_return_if_fail (DC_IS_PLACE_DETAILS (self));
  g_return_if_fail (DC_IS_PLACE (place));

  g_set_object (&self->place, place);
  g_free (self->address);
  self->address = dc_place_format_address (place);

  gtk_label_set_label (self->name_label, dc_place_get_name (place));
  gtk_label_set_label (self->kind_label, dc_place_kind_to_label (dc_place_get_kind (place)));
  gtk_label_set_label (self->address_label, self->address);
  show_contact (self, place);
  show_hours (self, place, now);
  show_services (self, place);
  scroll_to_top (GTK_WIDGET (self->preferences_page));
}

/**
 * dc_place_details_get_place:
 * @self: the details
 *
 * Returns: (transfer none) (nullable): the place shown
 */
DcPlace *
dc_place_details_get_place (DcPlaceDetails *self)
{
  g_return_val_if_fail (DC_IS_PLACE_DETAILS (self), NULL);
  return self->place;
}

static void
open_uri_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, g_variant_get_string (param, NULL),
                GDK_CURRENT_TIME);
}

static void
copy_address_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  DcPlaceDetails *self = DC_PLACE_DETAILS (widget);

  if (self->address == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->address);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_ ("Address copied")));
}

static void
add_day_rows (DcPlaceDetails *self)
{
  for (int i = 0; i < 7; i++)
    {
      GtkWidget *today = gtk_label_new (_ ("Today"));

      gtk_widget_add_css_class (today, "accent");
      self->day_rows[i] = adw_action_row_new ();
      self->today_labels[i] = today;
      adw_action_row_add_suffix (ADW_ACTION_ROW (self->day_rows[i]), today);
      gtk_list_box_append (self->hours_list, self->day_rows[i]);
    }
  self->raw_hours_row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->raw_hours_row), FALSE);
  gtk_list_box_append (self->hours_list, self->raw_hours_row);
}

static void
dc_place_details_dispose (GObject *object)
{
  DcPlaceDetails *self = DC_PLACE_DETAILS (object);

  g_clear_object (&self->place);
  g_clear_pointer (&self->address, g_free);

  G_OBJECT_CLASS (dc_place_details_parent_class)->dispose (object);
}

static void
dc_place_details_class_init (DcPlaceDetailsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = dc_place_details_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/dc-place-details.ui");
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, preferences_page);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, name_label);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, kind_label);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, state_label);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, call_row);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, directions_row);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, website_row);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, address_label);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, hours_group);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, hours_list);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, services_group);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, services_list);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, access_group);
  gtk_widget_class_bind_template_child (widget_class, DcPlaceDetails, wheelchair_row);

  gtk_widget_class_install_action (widget_class, "place.open-uri", "s", open_uri_activated);
  gtk_widget_class_install_action (widget_class, "place.copy-address", NULL,
                                   copy_address_activated);
}

static void
dc_place_details_init (DcPlaceDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_day_rows (self);
}
