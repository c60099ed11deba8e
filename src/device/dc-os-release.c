/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include "dc-os-release-private.h"
#include "dc-sysroot.h"

/* os-release(5) is a few hundred bytes; anything bigger is not one. */
#define OS_RELEASE_MAX_SIZE (64 * 1024)

static gboolean
is_valid_key (const char *key)
{
  if (!g_ascii_isalpha (key[0]) && key[0] != '_')
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_')
        return FALSE;
    }
  return TRUE;
}

/* One `KEY=value` line, or nothing for blank lines, comments and lines a
 * shell would not accept: one broken line must not hide the others. */
static gboolean
parse_line (char *line, char **key_out, char **value_out)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *value = NULL;
  char *equals;

  g_strstrip (line);
  if (*line == '\0' || *line == '#')
    return FALSE;

  equals = strchr (line, '=');
  if (equals == NULL)
    return FALSE;
  *equals = '\0';
  if (!is_valid_key (line))
    return FALSE;

  /* The format is shell-compatible: single quotes, double quotes with
   * backslash escapes, and unquoted text with backslash escapes, which is
   * exactly what g_shell_unquote() undoes. */
  value = g_shell_unquote (equals + 1, &error);
  if (value == NULL)
    {
      g_debug ("Skipping os-release line for %s: %s", line, error->message);
      return FALSE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    return FALSE;

  *key_out = g_strdup (line);
  *value_out = g_steal_pointer (&value);
  return TRUE;
}

/**
 * dc_os_release_parse:
 * @contents: the contents of an os-release(5) file
 *
 * Reads `KEY=value` assignments, undoing quotes and backslash escapes and
 * skipping comments and malformed lines. A key given twice keeps its last
 * value, as a shell sourcing the file would.
 *
 * Returns: (transfer full) (element-type utf8 utf8): the keys and values,
 *   empty when @contents holds none
 */
GHashTable *
dc_os_release_parse (GBytes *contents)
{
  g_autoptr (GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (contents != NULL, NULL);

  data = g_bytes_get_data (contents, &size);
  text = g_strndup (data != NULL ? data : "", size);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *key = NULL;
      char *value = NULL;

      if (parse_line (lines[i], &key, &value))
        g_hash_table_replace (fields, key, value);
    }
  return g_steal_pointer (&fields);
}

/**
 * dc_os_release_load:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 *
 * Reads the operating system's os-release under @root: `/etc/os-release`,
 * else `/usr/lib/os-release`, as os-release(5) says.
 *
 * In a Flatpak sandbox those two describe the Flatpak runtime ("GNOME 43"),
 * not the phone, so only `/run/host/os-release`, the host's copy, is read
 * there: a support agent told the phone runs the GNOME runtime would be
 * misled, while "unknown" is honest.
 *
 * Returns: (transfer full) (nullable) (element-type utf8 utf8): the fields,
 *   or %NULL when no os-release could be read
 */
GHashTable *
dc_os_release_load (const char *root)
{
  static const char *const host_paths[] = { "/etc/os-release", "/usr/lib/os-release", NULL };
  static const char *const sandbox_paths[] = { "/run/host/os-release", NULL };
  const char *const *paths = dc_sysroot_is_flatpak (root) ? sandbox_paths : host_paths;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) contents = dc_sysroot_read (root, paths[i], OS_RELEASE_MAX_SIZE, &error);

      if (contents != NULL)
        return dc_os_release_parse (contents);
      g_debug ("No os-release at %s: %s", paths[i], error->message);
    }
  return NULL;
}
