/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <stddef.h>
#include <string.h>

#include "dc-desk-config.h"

/* The desk's configuration file. Every key the desk knows is in one table, so a typo in a key
 * name is an error that names it rather than a setting silently ignored. The desk is a server
 * daemon: its messages are for the administrator and stay in English. */

/* clang-format off */
G_DEFINE_QUARK (dc-desk-error-quark, dc_desk_error)
/* clang-format on */

typedef enum
{
  KIND_STRING,
  KIND_PATH,
  KIND_ADDRESSES,
  KIND_UINT,
  KIND_HOURS, /* read together by read_hours() */
} KeyKind;

typedef struct
{
  const char *group;
  const char *key;
  KeyKind kind;
  gboolean required;
  gsize offset;
  guint min, max, fallback; /* for KIND_UINT */
} KeySpec;

#define FIELD(name) offsetof (DcDeskConfig, name)

static const KeySpec keys[] = {
  { "Server", "Service", KIND_STRING, TRUE, FIELD (service), 0, 0, 0 },
  { "Server", "Domain", KIND_STRING, TRUE, FIELD (domain), 0, 0, 0 },
  { "Server", "RoomService", KIND_STRING, TRUE, FIELD (room_service), 0, 0, 0 },
  { "Account", "Username", KIND_STRING, TRUE, FIELD (username), 0, 0, 0 },
  { "Account", "Password", KIND_STRING, TRUE, FIELD (password), 0, 0, 0 },
  { "Account", "Nick", KIND_STRING, FALSE, FIELD (nick), 0, 0, 0 },
  { "Agents", "Addresses", KIND_ADDRESSES, TRUE, FIELD (agents), 0, 0, 0 },
  { "Agents", "SessionsPerAgent", KIND_UINT, FALSE, FIELD (sessions_per_agent), 1, 100, 1 },
  { "Hours", "OpeningHours", KIND_HOURS, FALSE, 0, 0, 0, 0 },
  { "Hours", "TimeZone", KIND_HOURS, FALSE, 0, 0, 0, 0 },
  { "Knowledge", "File", KIND_PATH, FALSE, FIELD (knowledge_path), 0, 0, 0 },
  { "Database", "Path", KIND_PATH, TRUE, FIELD (database_path), 0, 0, 0 },
  { "Channels", "VendorConfig", KIND_PATH, FALSE, FIELD (vendor_config_path), 0, 0, 0 },
  { "Channels", "Country", KIND_STRING, FALSE, FIELD (country), 0, 0, 0 },
  { "Limits", "MessagesPerMinute", KIND_UINT, FALSE, FIELD (messages_per_minute), 1, 10000, 20 },
  { "Limits", "AnswerLength", KIND_UINT, FALSE, FIELD (answer_length), 10, 100000, 2000 },
  { "Limits", "SessionsPerAccount", KIND_UINT, FALSE, FIELD (sessions_per_account), 1, 1000, 2 },
  { "Queue", "AverageOf", KIND_UINT, FALSE, FIELD (average_of), 1, 1000, 10 },
  { "Queue", "DefaultWait", KIND_UINT, FALSE, FIELD (default_wait), 0, 86400, 300 },
  { "Timeouts", "Idle", KIND_UINT, FALSE, FIELD (idle_timeout), 60, 604800, 1800 },
  { "Timeouts", "Rating", KIND_UINT, FALSE, FIELD (rating_timeout), 60, 2592000, 86400 },
};

static gboolean key_error (GError **error, const char *origin, const char *group, const char *key,
                           const char *format, ...) G_GNUC_PRINTF (5, 6);

static gboolean
key_error (GError **error, const char *origin, const char *group, const char *key,
           const char *format, ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_CONFIG, "%s: [%s] %s: %s", origin, group, key,
               problem);
  return FALSE;
}

static const KeySpec *
find_key (const char *group, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].group, group) && g_str_equal (keys[i].key, key))
      return &keys[i];
  return NULL;
}

static gboolean
is_known_group (const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].group, group))
      return TRUE;
  return FALSE;
}

static gboolean
check_unknown (GKeyFile *kf, const char *origin, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto (GStrv) names = g_key_file_get_keys (kf, groups[g], NULL, NULL);

      if (!is_known_group (groups[g]))
        {
          g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_CONFIG,
                       "%s: [%s]: unknown group (known: Server, Account, Agents, Hours, "
                       "Knowledge, Database, Channels, Limits, Queue, Timeouts)",
                       origin, groups[g]);
          return FALSE;
        }
      for (guint k = 0; names != NULL && names[k] != NULL; k++)
        if (find_key (groups[g], names[k]) == NULL)
          return key_error (error, origin, groups[g], names[k], "unknown key");
    }
  return TRUE;
}

/* An address such as agent@support.example: one @, something on both sides, no resource. */
static gboolean
is_bare_jid (const char *jid)
{
  const char *at = strchr (jid, '@');

  return at != NULL && at != jid && at[1] != '\0' && strchr (at + 1, '@') == NULL
         && strchr (jid, '/') == NULL && strpbrk (jid, " \t\"'<>&") == NULL;
}

static gboolean
read_addresses (GKeyFile *kf, const KeySpec *spec, const char *origin, char ***out, GError **error)
{
  g_auto (GStrv) list = g_key_file_get_string_list (kf, spec->group, spec->key, NULL, NULL);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; list != NULL && list[i] != NULL; i++)
    {
      g_autofree char *jid = g_ascii_strdown (g_strstrip (list[i]), -1);
      if (*jid == '\0')
        continue;
      if (!is_bare_jid (jid))
        return key_error (error, origin, spec->group, spec->key,
                          "“%s” is not an address such as agent@support.example", list[i]);
      g_strv_builder_add (builder, jid);
      n++;
    }
  if (n == 0)
    return key_error (error, origin, spec->group, spec->key,
                      "name at least one agent, such as agent@support.example");
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_uint (GKeyFile *kf, const KeySpec *spec, const char *origin, guint *out, GError **error)
{
  g_autofree char *text = g_key_file_get_string (kf, spec->group, spec->key, NULL);
  guint64 value;

  if (text == NULL)
    {
      *out = spec->fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, spec->min, spec->max, &value, NULL))
    return key_error (error, origin, spec->group, spec->key,
                      "“%s” is not a whole number from %u to %u", text, spec->min, spec->max);
  *out = (guint)value;
  return TRUE;
}

static gboolean
read_key (GKeyFile *kf, const KeySpec *spec, const char *origin, const char *base_dir,
          DcDeskConfig *config, GError **error)
{
  gpointer field = (char *)config + spec->offset;
  g_autofree char *text = NULL;

  if (spec->kind == KIND_UINT)
    return read_uint (kf, spec, origin, field, error);
  if (spec->kind == KIND_ADDRESSES)
    return read_addresses (kf, spec, origin, field, error);
  text = g_key_file_get_string (kf, spec->group, spec->key, NULL);
  if (text != NULL)
    g_strstrip (text);
  if (text == NULL || *text == '\0')
    return spec->required ? key_error (error, origin, spec->group, spec->key, "missing") : TRUE;
  if (spec->kind == KIND_PATH && !g_path_is_absolute (text))
    {
      char *absolute = g_build_filename (base_dir, text, NULL);
      g_free (text);
      text = absolute;
    }
  *(char **)field = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
check_service (const DcDeskConfig *config, const char *origin, GError **error)
{
  g_autoptr (GUri) uri = g_uri_parse (config->service, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL
      || (g_strcmp0 (g_uri_get_scheme (uri), "wss") != 0
          && g_strcmp0 (g_uri_get_scheme (uri), "ws") != 0))
    return key_error (error, origin, "Server", "Service",
                      "“%s” is not a WebSocket address such as "
                      "wss://support.example/xmpp-websocket",
                      config->service);
  if (strchr (config->room_service, '@') != NULL || strchr (config->room_service, '/') != NULL)
    return key_error (error, origin, "Server", "RoomService",
                      "“%s” is not a domain such as rooms.support.example", config->room_service);
  if (config->country != NULL
      && (strlen (config->country) != 2 || !g_ascii_isupper (config->country[0])
          || !g_ascii_isupper (config->country[1])))
    return key_error (error, origin, "Channels", "Country",
                      "“%s” is not a country code: give two capital letters, such as DE",
                      config->country);
  return TRUE;
}

static gboolean
read_hours (GKeyFile *kf, const char *origin, DcDeskConfig *config, GError **error)
{
  g_autofree char *hours = g_key_file_get_string (kf, "Hours", "OpeningHours", NULL);
  g_autofree char *zone = g_key_file_get_string (kf, "Hours", "TimeZone", NULL);
  g_autoptr (GError) local_error = NULL;

  if (zone != NULL && *g_strstrip (zone) != '\0')
    {
      /* GLib falls back to UTC for a name it does not know; a typo must not move the desk's
       * hours by the zone's offset without a word. */
      config->timezone = g_time_zone_new_identifier (zone);
      if (config->timezone == NULL)
        return key_error (error, origin, "Hours", "TimeZone",
                          "“%s” is not a time zone such as Europe/Berlin", zone);
    }
  else
    config->timezone = g_time_zone_new_local ();
  if (hours == NULL || *g_strstrip (hours) == '\0')
    return TRUE;
  config->hours = dc_opening_hours_parse (hours, &local_error);
  if (config->hours == NULL)
    return key_error (error, origin, "Hours", "OpeningHours", "%s", local_error->message);
  return TRUE;
}

/**
 * dc_desk_config_new_from_data:
 * @data: the key file's text
 * @length: its length, or -1 when NUL-terminated
 * @origin: the file's name, for messages
 * @base_dir: the folder relative paths are taken from
 * @error: return location for a #GError
 *
 * Parses and checks the desk's configuration. A bad file gives an error of
 * %DC_DESK_ERROR_CONFIG whose message names the file, the group and the key.
 *
 * Returns: (transfer full) (nullable): the configuration
 */
DcDeskConfig *
dc_desk_config_new_from_data (const char *data, gsize length, const char *origin,
                              const char *base_dir, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (DcDeskConfig) config = g_new0 (DcDeskConfig, 1);
  g_autoptr (GError) local_error = NULL;

  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_CONFIG, "%s: %s", origin,
                   local_error->message);
      return NULL;
    }
  if (!check_unknown (kf, origin, error))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (keys[i].kind != KIND_HOURS && !read_key (kf, &keys[i], origin, base_dir, config, error))
      return NULL;
  if (!check_service (config, origin, error) || !read_hours (kf, origin, config, error))
    return NULL;
  if (config->nick == NULL)
    config->nick = g_strdup ("Support");
  return g_steal_pointer (&config);
}

/**
 * dc_desk_config_load:
 * @path: the configuration file
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the configuration
 */
DcDeskConfig *
dc_desk_config_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *base_dir = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length;

  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error (error, DC_DESK_ERROR, DC_DESK_ERROR_CONFIG, "%s", local_error->message);
      return NULL;
    }
  absolute = g_canonicalize_filename (path, NULL);
  base_dir = g_path_get_dirname (absolute);
  return dc_desk_config_new_from_data (data, length, path, base_dir, error);
}

/**
 * dc_desk_config_free:
 * @config: (transfer full) (nullable): a configuration
 */
void
dc_desk_config_free (DcDeskConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->service);
  g_free (config->domain);
  g_free (config->room_service);
  g_free (config->username);
  if (config->password != NULL)
    memset (config->password, 0, strlen (config->password));
  g_free (config->password);
  g_free (config->nick);
  g_strfreev (config->agents);
  g_clear_pointer (&config->hours, dc_opening_hours_unref);
  g_clear_pointer (&config->timezone, g_time_zone_unref);
  g_free (config->knowledge_path);
  g_free (config->database_path);
  g_free (config->vendor_config_path);
  g_free (config->country);
  g_free (config);
}

/**
 * dc_desk_config_is_agent:
 * @config: a configuration
 * @bare_jid: an address without resource
 *
 * Returns: whether @bare_jid is one of the agents
 */
gboolean
dc_desk_config_is_agent (const DcDeskConfig *config, const char *bare_jid)
{
  for (guint i = 0; config->agents != NULL && config->agents[i] != NULL; i++)
    if (g_ascii_strcasecmp (config->agents[i], bare_jid) == 0)
      return TRUE;
  return FALSE;
}
