/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-country.h"
#include "dc-support-page.h"
#include "dc-vendor-config.h"

/**
 * DcSupportPage:
 *
 * The ways to reach a person: the vendor's contact channels for the
 * customer's country, each opening the phone's dialler, mail app or browser.
 */
struct _DcSupportPage
{
  AdwBin parent_instance;

  DcVendorConfig *config;
  char *country;

  AdwPreferencesGroup *channels_group;
  GtkListBox *channels_list;
};

G_DEFINE_FINAL_TYPE (DcSupportPage, dc_support_page, ADW_TYPE_BIN)

static char *
channel_subtitle (DcContactChannel *channel)
{
  GString *text = g_string_new (dc_contact_channel_get_address (channel));

  if (dc_contact_channel_get_channel_type (channel) == DC_CHANNEL_WEBSITE
      || dc_contact_channel_get_channel_type (channel) == DC_CHANNEL_WHATSAPP
      || dc_contact_channel_get_channel_type (channel) == DC_CHANNEL_TELEGRAM
      || dc_contact_channel_get_channel_type (channel) == DC_CHANNEL_SIGNAL)
    {
      /* A customer reads a host, not a URL with a scheme. */
      g_autoptr (GUri) uri
        = g_uri_parse (dc_contact_channel_get_address (channel), G_URI_FLAGS_NONE, NULL);
      if (uri != NULL && g_uri_get_host (uri) != NULL)
        g_string_assign (text, g_uri_get_host (uri));
    }
  if (dc_contact_channel_get_hours (channel) != NULL)
    g_string_append_printf (text, "\n%s", dc_contact_channel_get_hours (channel));
  if (dc_contact_channel_get_free_call (channel))
    g_string_append_printf (text, " · %s", _ ("Free call"));
  return g_string_free (text, FALSE);
}

static GtkWidget *
create_channel_row (gpointer item, gpointer user_data)
{
  DcContactChannel *channel = DC_CONTACT_CHANNEL (item);
  const char *locale_country = user_data;
  const char *served = dc_contact_channel_get_country (channel);
  g_autofree char *subtitle = channel_subtitle (channel);
  g_autofree char *title = NULL;
  g_autofree char *uri = dc_contact_channel_dup_uri (channel);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (dc_contact_channel_get_icon_name (channel));
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* Channels of other countries are listed only when the vendor has none for the customer's:
   * then the country tells one hotline from the next. */
  if (served != NULL && g_strcmp0 (served, locale_country) != 0)
    /* Translators: a contact channel and the country it serves, e.g. "Hotline (Germany)" */
    title = g_strdup_printf (_ ("%s (%s)"), dc_contact_channel_get_label (channel),
                             dc_country_get_name (served));
  else
    title = g_strdup (dc_contact_channel_get_label (channel));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  dc_contact_channel_get_label (channel), -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "support.open-channel");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", uri);
  return row;
}

static void
open_channel_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, g_variant_get_string (param, NULL),
                GDK_CURRENT_TIME);
}

static void
dc_support_page_map (GtkWidget *widget)
{
  DcSupportPage *self = DC_SUPPORT_PAGE (widget);

  GTK_WIDGET_CLASS (dc_support_page_parent_class)->map (widget);

  if (self->config == NULL)
    {
      g_autoptr (GError) problem = NULL;
      g_autoptr (GListModel) channels = NULL;

      /* A broken file on the image is the OEM's to fix: the journal says where, and the
       * customer gets the shipped channels rather than an error they cannot act on. */
      self->config = dc_vendor_config_load (&problem);
      if (problem != NULL)
        g_warning ("Using the shipped vendor configuration: %s", problem->message);

      self->country = dc_locale_country (NULL);
      channels = dc_vendor_config_dup_channels_for_country (self->config, self->country);
      gtk_list_box_bind_model (self->channels_list, channels, create_channel_row, self->country,
                               NULL);
    }
}

static void
dc_support_page_dispose (GObject *object)
{
  DcSupportPage *self = DC_SUPPORT_PAGE (object);

  g_clear_object (&self->config);
  g_clear_pointer (&self->country, g_free);

  G_OBJECT_CLASS (dc_support_page_parent_class)->dispose (object);
}

static void
dc_support_page_class_init (DcSupportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_support_page_dispose;
  widget_class->map = dc_support_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-support-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, channels_group);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, channels_list);

  gtk_widget_class_install_action (widget_class, "support.open-channel", "s",
                                   open_channel_activated);
}

static void
dc_support_page_init (DcSupportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
