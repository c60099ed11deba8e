/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-vendor"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "dc-vendor-config.h"
#include "dc-vendor-resources.h"

/**
 * DcVendorConfig:
 *
 * The OEM's configuration (DESIGN §5): branding and the contact channels.
 * Looked up as `$DEVICE_CARE_VENDOR_CONF`, then `/etc/device-care/vendor.conf`
 * (the OEM image), then `$datadir/device-care/vendor.conf`, then the default
 * compiled into the app; a broken file is reported with
 * the line that broke it and the next one in that order carries on.
 */
struct _DcVendorConfig
{
  GObject parent_instance;

  char *origin;
  char *name;
  char *places_feed;
  char *icon;
  char *accent;
  char *privacy_policy;
  char *support_service;
  char *support_domain;
  char *support_desk;
  char *support_room_service;
  gboolean support_anonymous;
  GListStore *channels;
};

G_DEFINE_FINAL_TYPE (DcVendorConfig, dc_vendor_config, G_TYPE_OBJECT)

/* clang-format off */
G_DEFINE_QUARK (dc-vendor-error-quark, dc_vendor_error)
/* clang-format on */

#define CHANNEL_GROUP_PREFIX "Channel "
#define SHIPPED_RESOURCE RESOURCE_PREFIX "/vendor.conf"

static void
dc_vendor_config_finalize (GObject *object)
{
  DcVendorConfig *self = DC_VENDOR_CONFIG (object);

  g_free (self->origin);
  g_free (self->name);
  g_free (self->places_feed);
  g_free (self->icon);
  g_free (self->accent);
  g_free (self->privacy_policy);
  g_free (self->support_service);
  g_free (self->support_domain);
  g_free (self->support_desk);
  g_free (self->support_room_service);
  g_clear_object (&self->channels);

  G_OBJECT_CLASS (dc_vendor_config_parent_class)->finalize (object);
}

static void
dc_vendor_config_class_init (DcVendorConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dc_vendor_config_finalize;
}

static void
dc_vendor_config_init (DcVendorConfig *self)
{
  self->channels = g_list_store_new (DC_TYPE_CONTACT_CHANNEL);
}

/* GKeyFile says what is wrong but not where; a customer's OEM needs the line. */
static gboolean
check_syntax (const char *data, gsize length, const char *origin, GError **error)
{
  g_auto (GStrv) lines = NULL;
  g_autofree char *text = g_strndup (data, length);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *eq;

      while (g_ascii_isspace (*line))
        line++;
      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[')
        {
          g_autofree char *trimmed = g_strchomp (g_strdup (line));

          if (g_str_has_suffix (trimmed, "]") && strlen (trimmed) > 2)
            continue;
        }
      else if ((eq = strchr (line, '=')) != NULL && eq != line)
        continue;

      {
        g_autofree char *shown = g_strchomp (g_strdup (line));

        g_set_error (error, DC_VENDOR_ERROR, DC_VENDOR_ERROR_SYNTAX,
                     _ ("%s, line %u: “%s” is neither a [group] nor a key=value pair"), origin,
                     i + 1, shown);
        return FALSE;
      }
    }
  return TRUE;
}

static guint
find_key_line (const char *data, gsize length, const char *group, const char *key)
{
  g_autofree char *text = g_strndup (data, length);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *header = g_strdup_printf ("[%s]", group);
  gboolean in_group = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (line[0] == '[')
        in_group = g_str_equal (line, header);
      else if (in_group && g_str_has_prefix (line, key))
        {
          const char *rest = line + strlen (key);

          while (*rest == ' ')
            rest++;
          if (*rest == '=')
            return i + 1;
        }
    }
  return 0;
}

static gboolean
invalid_key (const char *data, gsize length, const char *origin, const char *group, const char *key,
             const char *why, GError **error)
{
  guint line = find_key_line (data, length, group, key);

  if (line > 0)
    g_set_error (error, DC_VENDOR_ERROR, DC_VENDOR_ERROR_INVALID,
                 /* Translators: "vendor.conf, line 12: [Channel hotline] Type: …" */
                 _ ("%s, line %u: [%s] %s: %s"), origin, line, group, key, why);
  else
    g_set_error (error, DC_VENDOR_ERROR, DC_VENDOR_ERROR_INVALID, _ ("%s: [%s] %s: %s"), origin,
                 group, key, why);
  return FALSE;
}

static gboolean
is_country_code (const char *code)
{
  return code && strlen (code) == 2 && g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]);
}

static gboolean
is_loopback_host (const char *host)
{
  return g_ascii_strcasecmp (host, "localhost") == 0 || g_str_has_prefix (host, "127.")
         || g_str_equal (host, "::1") || g_str_equal (host, "[::1]");
}

/* The places feed: https, or http to this machine for testing. */
static gboolean
is_feed_url (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") == 0 && is_loopback_host (host);
}

/* DESIGN §3: wss:// with the system's trust store; ws:// only to this machine. */
static gboolean
is_websocket_url (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *host = uri != NULL ? g_uri_get_host (uri) : NULL;

  if (host == NULL || *host == '\0')
    return FALSE;
  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "wss") == 0)
    return TRUE;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "ws") == 0 && is_loopback_host (host);
}

static gboolean
is_colour (const char *value)
{
  if (strlen (value) != 7 || value[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (value[i]))
      return FALSE;
  return TRUE;
}

/* An optional key: absent or empty is NULL. */
static char *
optional_string (GKeyFile *kf, const char *group, const char *key)
{
  char *value = g_key_file_get_string (kf, group, key, NULL);

  if (value != NULL && *g_strstrip (value) == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

static gboolean
parse_branding (DcVendorConfig *self, GKeyFile *kf, const char *data, gsize length,
                const char *origin, GError **error)
{
  self->icon = optional_string (kf, "Vendor", "Icon");
  self->accent = optional_string (kf, "Vendor", "Accent");
  self->privacy_policy = optional_string (kf, "Vendor", "PrivacyPolicy");

  if (self->accent != NULL && !is_colour (self->accent))
    return invalid_key (data, length, origin, "Vendor", "Accent",
                        _ ("must be a colour written #rrggbb, such as #3584e4"), error);
  if (self->privacy_policy != NULL && !g_str_has_prefix (self->privacy_policy, "https://"))
    return invalid_key (data, length, origin, "Vendor", "PrivacyPolicy",
                        _ ("must be an https:// link"), error);
  return TRUE;
}

static gboolean
parse_support (DcVendorConfig *self, GKeyFile *kf, const char *data, gsize length,
               const char *origin, GError **error)
{
  g_autofree char *registration = optional_string (kf, "Support", "Registration");

  self->support_service = optional_string (kf, "Support", "Service");
  self->support_domain = optional_string (kf, "Support", "Domain");
  self->support_desk = optional_string (kf, "Support", "Desk");
  self->support_room_service = optional_string (kf, "Support", "RoomService");

  if (self->support_service == NULL)
    return TRUE;
  if (!is_websocket_url (self->support_service))
    return invalid_key (data, length, origin, "Support", "Service",
                        _ ("must be a wss:// address (ws:// only to this machine)"), error);
  if (self->support_domain == NULL)
    return invalid_key (data, length, origin, "Support", "Domain", _ ("missing"), error);
  if (self->support_desk == NULL || strchr (self->support_desk, '@') == NULL)
    return invalid_key (data, length, origin, "Support", "Desk",
                        _ ("must be the desk’s address, such as desk@support.example.com"), error);
  if (registration != NULL && !g_str_equal (registration, "in-band")
      && !g_str_equal (registration, "anonymous"))
    return invalid_key (data, length, origin, "Support", "Registration",
                        _ ("must be in-band or anonymous"), error);
  self->support_anonymous = g_strcmp0 (registration, "anonymous") == 0;
  return TRUE;
}

static DcContactChannel *
parse_channel (GKeyFile *kf, const char *group, const char *data, gsize length, const char *origin,
               GError **error)
{
  g_autofree char *type_str = g_key_file_get_string (kf, group, "Type", NULL);
  g_autofree char *label = g_key_file_get_locale_string (kf, group, "Label", NULL, NULL);
  g_autofree char *address = g_key_file_get_string (kf, group, "Address", NULL);
  g_autofree char *country = g_key_file_get_string (kf, group, "Country", NULL);
  g_autofree char *hours = g_key_file_get_string (kf, group, "Hours", NULL);
  g_autoptr (GError) local_error = NULL;
  gboolean free_call = FALSE;
  DcChannelType type;

  if (type_str == NULL)
    return invalid_key (data, length, origin, group, "Type", _ ("missing"), error), NULL;
  if (!dc_channel_type_from_string (type_str, &type))
    return invalid_key (data, length, origin, group, "Type",
                        _ ("must be hotline, email, website, whatsapp, telegram or signal"), error),
           NULL;
  if (address == NULL || *address == '\0')
    return invalid_key (data, length, origin, group, "Address", _ ("missing"), error), NULL;
  if (type != DC_CHANNEL_HOTLINE && type != DC_CHANNEL_EMAIL
      && !g_str_has_prefix (address, "https://"))
    return invalid_key (data, length, origin, group, "Address", _ ("must be an https:// link"),
                        error),
           NULL;
  if (country != NULL && !is_country_code (country))
    return invalid_key (data, length, origin, group, "Country",
                        _ ("must be a two-letter country code such as DE"), error),
           NULL;
  if (g_key_file_has_key (kf, group, "FreeCall", NULL))
    {
      free_call = g_key_file_get_boolean (kf, group, "FreeCall", &local_error);
      if (local_error != NULL)
        return invalid_key (data, length, origin, group, "FreeCall", _ ("must be true or false"),
                            error),
               NULL;
    }

  return dc_contact_channel_new (type, label, address, country, hours, free_call);
}

/**
 * dc_vendor_config_new_from_data:
 * @data: the contents of a vendor.conf
 * @length: its length
 * @origin: what to call it in errors, such as its path
 * @error: a #GError naming the line that broke it
 *
 * Returns: (transfer full): the configuration, or %NULL on @error
 */
DcVendorConfig *
dc_vendor_config_new_from_data (const char *data, gsize length, const char *origin, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (DcVendorConfig) self = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (GStrv) groups = NULL;

  if (!check_syntax (data, length, origin, error))
    return NULL;
  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, DC_VENDOR_ERROR, DC_VENDOR_ERROR_SYNTAX, "%s: %s", origin,
                   local_error->message);
      return NULL;
    }

  self = g_object_new (DC_TYPE_VENDOR_CONFIG, NULL);
  self->origin = g_strdup (origin);
  self->name = g_key_file_get_locale_string (kf, "Vendor", "Name", NULL, NULL);
  if (self->name == NULL)
    {
      invalid_key (data, length, origin, "Vendor", "Name", _ ("missing"), error);
      return NULL;
    }
  if (!parse_branding (self, kf, data, length, origin, error)
      || !parse_support (self, kf, data, length, origin, error))
    return NULL;
  self->places_feed = g_key_file_get_string (kf, "Places", "Feed", NULL);
  if (self->places_feed != NULL && *self->places_feed == '\0')
    g_clear_pointer (&self->places_feed, g_free);
  if (self->places_feed != NULL && !is_feed_url (self->places_feed))
    {
      invalid_key (data, length, origin, "Places", "Feed", _ ("must be an https:// address"),
                   error);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr (DcContactChannel) channel = NULL;

      if (!g_str_has_prefix (groups[i], CHANNEL_GROUP_PREFIX))
        continue;
      channel = parse_channel (kf, groups[i], data, length, origin, error);
      if (channel == NULL)
        return NULL;
      g_list_store_append (self->channels, channel);
    }

  return g_steal_pointer (&self);
}

/**
 * dc_vendor_config_new_from_file:
 * @path: a vendor.conf
 * @error: a #GError
 *
 * Returns: (transfer full): the configuration, or %NULL on @error
 */
DcVendorConfig *
dc_vendor_config_new_from_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return dc_vendor_config_new_from_data (data, length, path, error);
}

/**
 * dc_vendor_config_new_shipped:
 *
 * The default that ships inside the program, so a missing or broken file on
 * the image can never leave the customer without a way to reach support.
 *
 * Returns: (transfer full): the shipped configuration
 */
DcVendorConfig *
dc_vendor_config_new_shipped (void)
{
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  DcVendorConfig *self;
  gsize length;
  const char *data;

  /* Looked up in our own bundle: that also keeps the linker from dropping it out of the static
   * library. */
  bytes = g_resource_lookup_data (dc_vendor_get_resource (), SHIPPED_RESOURCE,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    g_error ("The shipped vendor configuration is missing: %s", error->message);
  data = g_bytes_get_data (bytes, &length);
  self = dc_vendor_config_new_from_data (data, length, "vendor.conf", &error);
  if (self == NULL)
    g_error ("The shipped vendor configuration is broken: %s", error->message);
  return self;
}

/**
 * dc_vendor_config_load:
 * @problem: (out) (optional): the first file that was there but broken
 *
 * Looks the configuration up in the order of DESIGN §5; a broken file is
 * reported through @problem and the next in order is used.
 *
 * Returns: (transfer full): a configuration, never %NULL
 */
DcVendorConfig *
dc_vendor_config_load (GError **problem)
{
  const char *candidates[] = {
    g_getenv ("DEVICE_CARE_VENDOR_CONF"),
    "/etc/device-care/vendor.conf",
    /* Where a Flatpak build, which cannot see the host's /etc, puts the OEM's file. */
    PKGDATADIR "/vendor.conf",
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr (GError) error = NULL;
      DcVendorConfig *self;

      if (candidates[i] == NULL || *candidates[i] == '\0')
        continue;
      self = dc_vendor_config_new_from_file (candidates[i], &error);
      if (self != NULL)
        return self;
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          if (problem != NULL && *problem == NULL)
            g_propagate_error (problem, g_steal_pointer (&error));
        }
    }

  return dc_vendor_config_new_shipped ();
}

const char *
dc_vendor_config_get_origin (DcVendorConfig *self)
{
  g_return_val_if_fail (DC_IS_VENDOR_CONFIG (self), NULL);
  return self->origin;
}

/**
 * dc_vendor_config_get_name:
 * @self: a configuration
 *
 * Returns: the brand's name in the customer's language
 */
const char *
dc_vendor_config_get_name (DcVendorConfig *self)
{
  g_return_val_if_fail (DC_IS_VENDOR_CONFIG (self), NULL);
  return self->name;
}

/**
 * dc_vendor_config_get_icon:
 * @self: a configuration
 *
 * Returns: (nullable): the brand's icon name (`[Vendor] Icon=`)
 */
const char *
dc_vendor_config_get_icon (DcVendorConfig *self)
{
  g_return_val_if_fail (DC_IS_VENDOR_CONFIG (self), NULL);
  return self->icon;
}

/**
 * dc_vendor_config_get_accent:
 * @self: a configuration
 *
 * Returns: (nullable): the brand's accent colour as `#rrggbb`
 */
const char *
dc_vendor_config_get_accent (DcVendorConfig *self)
{
  g_return_val_if_fail (DC_IS_VENDOR_CONFIG (self), NULL);
  return self->accent;
}

/**
 * dc_vendor_config_get_privacy_policy:
 * @self: a configuration
 *
 * Returns: (nullable): the https:// address of the vendor's privacy policy
 */
const char *
dc_vendor_config_get_privacy_policy (DcVendorConfig *self)
{
  g_return_val_if_fail (DC_IS_VENDOR_CONFIG (self), NULL);
  return self->privacy_policy;
}

/**
 * dc_vendor_config_get_support_service:
 * @self: a configuration
 * @domain: (out) (optional): the XMPP domain accounts live on
 * @desk: (out) (optional): the desk's address
 * @room_service: (out) (optional) (nullable): the room (MUC) service, or %NULL for the server's
 * @anonymous: (out) (optional): whether the server takes guests (SASL ANONYMOUS) instead of
 *   registering an account
 *
 * Returns: (nullable): the WebSocket address of the support chat, or %NULL when the vendor runs
 *   none
 */
const char *
dc_vendor_config_get_support_service (DcVendorConfig *self, const char **domain, const char **desk,
                                      const char **room_service, gboolean *anonymous)
{
  g_return_val_if_fail (DC_IS_VENDOR_CONFIG (self), NULL);
  if (domain)
    *domain = self->support_domain;
  if (desk)
    *desk = self->support_desk;
  if (room_service)
    *room_service = self->support_room_service;
  if (anonymous)
    *anonymous = self->support_anonymous;
  return self->support_service;
}

/**
 * dc_vendor_config_get_places_feed:
 * @self: a configuration
 *
 * Returns: (nullable): the address of the vendor's places feed, a GeoJSON
 *   file (`[Places] Feed=`), or %NULL when the vendor has none
 */
const char *
dc_vendor_config_get_places_feed (DcVendorConfig *self)
{
  g_return_val_if_fail (DC_IS_VENDOR_CONFIG (self), NULL);
  return self->places_feed;
}

/**
 * dc_vendor_config_get_channels:
 * @self: a configuration
 *
 * Returns: (transfer none): every #DcContactChannel, in file order
 */
GListModel *
dc_vendor_config_get_channels (DcVendorConfig *self)
{
  g_return_val_if_fail (DC_IS_VENDOR_CONFIG (self), NULL);
  return G_LIST_MODEL (self->channels);
}

/**
 * dc_vendor_config_dup_channels_for_country:
 * @self: a configuration
 * @country: (nullable): ISO 3166-1 alpha-2 code
 *
 * The channels that serve @country, and those that serve every country.
 * When the vendor has nothing specific for @country, every channel, so the
 * customer still sees a way to reach someone.
 *
 * Returns: (transfer full): a list of #DcContactChannel
 */
GListModel *
dc_vendor_config_dup_channels_for_country (DcVendorConfig *self, const char *country)
{
  GListStore *store = g_list_store_new (DC_TYPE_CONTACT_CHANNEL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->channels));
  gboolean specific = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (DcContactChannel) channel
        = g_list_model_get_item (G_LIST_MODEL (self->channels), i);
      const char *served = dc_contact_channel_get_country (channel);

      if (served != NULL && g_strcmp0 (served, country) == 0)
        specific = TRUE;
      if (served == NULL || g_strcmp0 (served, country) == 0)
        g_list_store_append (store, channel);
    }

  if (!specific)
    {
      g_list_store_remove_all (store);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (GObject) channel = g_list_model_get_item (G_LIST_MODEL (self->channels), i);
          g_list_store_append (store, channel);
        }
    }
  return G_LIST_MODEL (store);
}

/**
 * dc_locale_country:
 * @locale: (nullable): a locale name such as "de_DE.UTF-8", or %NULL for
 *   the process's LC_MESSAGES
 *
 * Returns: (transfer full) (nullable): the country of the locale, "DE"
 */
char *
dc_locale_country (const char *locale)
{
  const char *underscore;

  if (locale == NULL)
    locale = setlocale (LC_MESSAGES, NULL);
  if (locale == NULL || (underscore = strchr (locale, '_')) == NULL)
    return NULL;
  if (!g_ascii_isalpha (underscore[1]) || !g_ascii_isalpha (underscore[2]))
    return NULL;
  return g_ascii_strup (underscore + 1, 2);
}
