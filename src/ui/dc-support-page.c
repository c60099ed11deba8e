/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-application.h"
#include "dc-country.h"
#include "dc-identity.h"
#include "dc-open-state-text.h"
#include "dc-support-page-private.h"
#include "dc-sysroot.h"
#include "dc-vendor-config.h"

/**
 * DcSupportPage:
 *
 * The ways to reach a person: the vendor's contact channels for the
 * customer's country, each saying whether someone answers now, and opening
 * the phone's dialler, mail app or browser. The serial number goes into an
 * e-mail only when the customer switches it on. Where the vendor runs a
 * support chat, "Chat with Support" comes first and opens it over the page,
 * and the chats that ended can be read again.
 */
G_DEFINE_FINAL_TYPE (DcSupportPage, dc_support_page, ADW_TYPE_BIN)

#define OTHER_COUNTRIES "ZZ" /* ISO 3166 keeps ZZ for "unknown or unspecified" */

static char *
channel_uri (DcSupportPage *self, DcContactChannel *channel)
{
  g_autofree char *uri = dc_contact_channel_dup_uri (channel);
  g_autofree char *subject = NULL;
  g_autofree char *escaped = NULL;

  if (dc_contact_channel_get_channel_type (channel) != DC_CHANNEL_EMAIL || self->serial == NULL
      || !gtk_switch_get_active (self->serial_in_mail_switch))
    return g_steal_pointer (&uri);

  /* Translators: the subject of an e-mail to support; %s is the phone's serial number */
  subject = g_strdup_printf (_ ("Support request, serial number %s"), self->serial);
  escaped = g_uri_escape_string (subject, NULL, FALSE);
  return g_strconcat (uri, "?subject=", escaped, NULL);
}

static char *
channel_subtitle (DcContactChannel *channel)
{
  DcChannelType type = dc_contact_channel_get_channel_type (channel);
  GString *text = g_string_new (dc_contact_channel_get_address (channel));
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) next = NULL;
  DcOpenState state = dc_contact_channel_get_state (channel, now, &next);
  g_autofree char *line = dc_open_state_describe (state, now, next);

  if (type != DC_CHANNEL_HOTLINE && type != DC_CHANNEL_EMAIL)
    {
      /* A customer reads a host, not a URL with a scheme. */
      g_autoptr (GUri) uri
        = g_uri_parse (dc_contact_channel_get_address (channel), G_URI_FLAGS_NONE, NULL);
      if (uri != NULL && g_uri_get_host (uri) != NULL)
        g_string_assign (text, g_uri_get_host (uri));
    }
  /* Hours matter where a person answers at once; an e-mail or a web page waits. */
  if (dc_contact_channel_get_hours (channel) != NULL)
    {
      g_string_append_printf (text, "\n%s", line);
      if (state == DC_OPEN_STATE_UNKNOWN)
        g_string_append_printf (text, ": %s", dc_contact_channel_get_hours (channel));
    }
  if (dc_contact_channel_get_free_call (channel))
    g_string_append_printf (text, " · %s", _ ("Free call"));
  return g_string_free (text, FALSE);
}

static GtkWidget *
create_channel_row (gpointer item, gpointer user_data)
{
  DcSupportPage *self = user_data;
  DcContactChannel *channel = DC_CONTACT_CHANNEL (item);
  const char *served = dc_contact_channel_get_country (channel);
  g_autofree char *subtitle = channel_subtitle (channel);
  g_autofree char *uri = channel_uri (self, channel);
  g_autofree char *title = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (dc_contact_channel_get_icon_name (channel));
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  /* Other countries' channels are listed only when the vendor has none for the customer's:
   * then the country tells one hotline from the next. */
  if (served != NULL && g_strcmp0 (served, self->country) != 0)
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
show_channels (DcSupportPage *self)
{
  g_autoptr (GListModel) channels = NULL;

  channels = dc_vendor_config_dup_channels_for_country (self->config, self->country);
  gtk_list_box_bind_model (self->channels_list, channels, create_channel_row, self, NULL);
}

static void
country_selected (DcSupportPage *self)
{
  guint selected = adw_combo_row_get_selected (self->country_row);
  const char *code;

  if (self->countries == NULL || selected >= g_strv_length (self->countries))
    return;
  code = self->countries[selected];
  g_free (self->country);
  self->country = g_str_equal (code, OTHER_COUNTRIES) ? NULL : g_strdup (code);
  g_settings_set_string (self->settings, "country", code);
  show_channels (self);
}

/* The countries the vendor serves, in file order, and "other countries" last. */
static GStrv
served_countries (DcVendorConfig *config)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *channels = dc_vendor_config_get_channels (config);

  for (guint i = 0; i < g_list_model_get_n_items (channels); i++)
    {
      g_autoptr (DcContactChannel) channel = g_list_model_get_item (channels, i);
      const char *country = dc_contact_channel_get_country (channel);

      if (country != NULL && g_hash_table_add (seen, (gpointer)country))
        g_strv_builder_add (builder, country);
    }
  g_strv_builder_add (builder, OTHER_COUNTRIES);
  return g_strv_builder_end (builder);
}

/* The saved choice, else the language settings' country if the vendor serves it. */
static guint
initial_country (DcSupportPage *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "country");
  g_autofree char *locale = dc_locale_country (NULL);
  guint n = g_strv_length (self->countries);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (self->countries[i], saved) == 0)
      return i;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (self->countries[i], locale) == 0)
      return i;
  return n - 1;
}

static void
setup_countries (DcSupportPage *self)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint n;

  self->countries = served_countries (self->config);
  n = g_strv_length (self->countries);
  for (guint i = 0; i + 1 < n; i++)
    gtk_string_list_append (names, dc_country_get_name (self->countries[i]));
  gtk_string_list_append (names, _ ("Other Countries"));

  adw_combo_row_set_model (self->country_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->country_row, initial_country (self));
  /* One vendor channel list for all: nothing to choose. */
  gtk_widget_set_visible (GTK_WIDGET (self->country_row), n > 2);
  g_signal_connect_swapped (self->country_row, "notify::selected", G_CALLBACK (country_selected),
                            self);
  country_selected (self);
}

static void
identity_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcSupportPage) self = user_data;
  g_autoptr (DcIdentity) identity = dc_identity_read_finish (result, NULL);

  if (identity == NULL || dc_identity_get_serial (identity) == NULL)
    {
      /* Nothing to add: say so where the customer looked. */
      adw_action_row_set_subtitle (self->serial_in_mail_row,
                                   _ ("This phone has no serial number to add"));
      gtk_switch_set_active (self->serial_in_mail_switch, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->serial_in_mail_switch), FALSE);
      return;
    }
  self->serial = g_strdup (dc_identity_get_serial (identity));
  show_channels (self);
}

static void
serial_in_mail_toggled (DcSupportPage *self)
{
  /* Read only when asked for: the serial is not touched unless the customer wants it sent. */
  if (gtk_switch_get_active (self->serial_in_mail_switch) && self->serial == NULL)
    dc_identity_read_async (dc_sysroot_default (), self->cancellable, identity_read_cb,
                            g_object_ref (self));
  else
    show_channels (self);
}

static DcVendorConfig *
load_config (DcSupportPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app
    = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (DC_IS_APPLICATION (app))
    return g_object_ref (dc_application_get_vendor_config (DC_APPLICATION (app)));
  return dc_vendor_config_load (NULL);
}

static void
dc_support_page_map (GtkWidget *widget)
{
  DcSupportPage *self = DC_SUPPORT_PAGE (widget);
  const char *policy;

  GTK_WIDGET_CLASS (dc_support_page_parent_class)->map (widget);

  if (self->config != NULL)
    {
      /* Open or closed changes with the clock: say it as it is now. */
      show_channels (self);
      return;
    }
  self->config = load_config (self);
  policy = dc_vendor_config_get_privacy_policy (self->config);
  gtk_widget_set_visible (GTK_WIDGET (self->privacy_policy_row), policy != NULL);
  if (policy != NULL)
    {
      /* Target first: an action name without its target is a warning. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->privacy_policy_row), "s", policy);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->privacy_policy_row),
                                      "support.open-channel");
    }
  setup_countries (self);
  dc_support_page_setup_chat (self);
}

static void
open_channel_activated (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, g_variant_get_string (param, NULL),
                GDK_CURRENT_TIME);
}

static void
dc_support_page_dispose (GObject *object)
{
  DcSupportPage *self = DC_SUPPORT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  dc_support_page_chat_dispose (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->countries, g_strfreev);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->serial, g_free);

  G_OBJECT_CLASS (dc_support_page_parent_class)->dispose (object);
}

static void
dc_support_page_class_init (DcSupportPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_support_page_dispose;
  widget_class->map = dc_support_page_map;

  g_type_ensure (DC_TYPE_CHAT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-support-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, channels_group);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, chat_row);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, past_group);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, past_list);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, conversation_title);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, chat_menu_button);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, conversation_stack);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, chat_view);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, transcript_view);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, problem_page);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, country_row);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, channels_list);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, serial_in_mail_row);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, serial_in_mail_switch);
  gtk_widget_class_bind_template_child (widget_class, DcSupportPage, privacy_policy_row);

  gtk_widget_class_install_action (widget_class, "support.open-channel", "s",
                                   open_channel_activated);
  dc_support_page_chat_class_init (widget_class);
}

static void
dc_support_page_init (DcSupportPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  g_signal_connect_swapped (self->serial_in_mail_switch, "notify::active",
                            G_CALLBACK (serial_in_mail_toggled), self);
}
