/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include "dc-firmware-string-private.h"
#include "dc-sysfs-private.h"
#include "dc-sysroot.h"

/* A sysfs attribute is at most a page; a uevent a little more. */
#define ATTRIBUTE_MAX_SIZE 8192

/**
 * dc_sysfs_read_text:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 * @path: an absolute path as seen on the device
 *
 * The text of a sysfs or procfs attribute, without the newline.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when the file is
 *   missing, unreadable, empty or not text
 */
char *
dc_sysfs_read_text (const char *root, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = dc_sysroot_read (root, path, ATTRIBUTE_MAX_SIZE, &error);

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("%s", error->message);
      return NULL;
    }
  return dc_firmware_string_from_bytes (bytes);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  const char *name_a = *(const char *const *)a;
  const char *name_b = *(const char *const *)b;

  /* "thermal_zone10" after "thermal_zone9": the kernel's order, not the alphabet's. */
  if (strlen (name_a) != strlen (name_b))
    return strlen (name_a) < strlen (name_b) ? -1 : 1;
  return strcmp (name_a, name_b);
}

/**
 * dc_sysfs_list:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 * @path: a directory as seen on the device, such as "/sys/class/thermal"
 * @prefix: (nullable): only the entries whose name starts so
 *
 * The entries of a directory, in the kernel's numbering order.
 *
 * Returns: (transfer full) (element-type utf8): the names; empty when the
 *   directory is missing
 */
GPtrArray *
dc_sysfs_list (const char *root, const char *path, const char *prefix)
{
  g_autofree char *dirname = dc_sysroot_path (root, path);
  g_autoptr (GDir) dir = g_dir_open (dirname, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return names;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (prefix == NULL || g_str_has_prefix (name, prefix))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

/**
 * dc_sysfs_parse_int:
 * @text: (nullable): the text of an attribute
 * @min: the smallest plausible value
 * @max: the largest plausible value
 * @value: (out): the number
 *
 * A decimal number, all of @text and nothing else, within [@min, @max].
 * "abc", "", "12abc" and a number out of range are not numbers: a driver
 * that writes them has nothing to say, and a verdict is never based on it.
 *
 * Returns: %TRUE when @text is such a number
 */
gboolean
dc_sysfs_parse_int (const char *text, gint64 min, gint64 max, gint64 *value)
{
  g_autofree char *stripped = NULL;

  if (text == NULL)
    return FALSE;
  stripped = g_strstrip (g_strdup (text));
  return g_ascii_string_to_signed (stripped, 10, min, max, value, NULL);
}

/**
 * dc_sysfs_parse_uevent:
 * @uevent: the contents of a sysfs `uevent` file
 *
 * The KEY=value lines of a uevent, such as `POWER_SUPPLY_CAPACITY=76`.
 * Lines without "=" are skipped.
 *
 * Returns: (transfer full) (element-type utf8 utf8): the keys and values
 */
GHashTable *
dc_sysfs_parse_uevent (GBytes *uevent)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  gsize size;
  const char *data = g_bytes_get_data (uevent, &size);

  if (data == NULL || size == 0)
    return table;
  text = g_strndup (data, size);
  if (!g_utf8_validate (text, -1, NULL))
    return table;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq == NULL || eq == lines[i])
        continue;
      *eq = '\0';
      g_hash_table_replace (table, g_strdup (g_strstrip (lines[i])),
                            g_strdup (g_strstrip (eq + 1)));
    }
  return table;
}
