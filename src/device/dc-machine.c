/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include "dc-firmware-string-private.h"
#include "dc-machine-private.h"
#include "dc-sysroot.h"

/* Device-tree names and DMI fields are short; a bigger file is not one. */
#define FIELD_MAX_SIZE 1024
#define COMPATIBLE_MAX_SIZE 4096

/* Device-tree vendor prefixes (Documentation/devicetree/bindings/
 * vendor-prefixes.yaml) of phone and tablet makers, written as the makers
 * write their own names. A prefix not listed is shown as it is. */
static const struct
{
  const char *prefix;
  const char *name;
} vendors[] = {
  { "asus", "ASUS" },
  { "bq", "BQ" },
  { "fairphone", "Fairphone" },
  { "google", "Google" },
  { "htc", "HTC" },
  { "huawei", "Huawei" },
  { "lenovo", "Lenovo" },
  { "lg", "LG" },
  { "motorola", "Motorola" },
  { "nokia", "Nokia" },
  { "nvidia", "NVIDIA" },
  { "oneplus", "OnePlus" },
  { "oppo", "OPPO" },
  { "pine64", "PINE64" },
  { "purism", "Purism" },
  { "raspberrypi", "Raspberry Pi" },
  { "samsung", "Samsung" },
  { "shift", "SHIFT" },
  { "sony", "Sony" },
  { "volla", "Volla" },
  { "xiaomi", "Xiaomi" },
};

/**
 * dc_machine_vendor_from_compatible:
 * @compatible: the contents of `/proc/device-tree/compatible`, NUL-separated
 *   entries from the most to the least specific
 *
 * Who made the device, from the vendor prefix of the first, most specific
 * `compatible` entry ("pine64,pinephone-1.2" gives "PINE64").
 *
 * Returns: (transfer full) (nullable): the maker's name, the prefix itself
 *   when it is not a known maker, or %NULL when there is no prefix
 */
char *
dc_machine_vendor_from_compatible (GBytes *compatible)
{
  g_autofree char *first = dc_firmware_string_from_bytes (compatible);
  char *comma;

  if (first == NULL)
    return NULL;
  comma = strchr (first, ',');
  if (comma == NULL || comma == first)
    return NULL;
  *comma = '\0';

  for (gsize i = 0; i < G_N_ELEMENTS (vendors); i++)
    {
      if (g_ascii_strcasecmp (first, vendors[i].prefix) == 0)
        return g_strdup (vendors[i].name);
    }
  return g_steal_pointer (&first);
}

/* A name from firmware, or NULL when it is missing or a placeholder. */
static char *
read_name (const char *root, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = dc_sysroot_read (root, path, FIELD_MAX_SIZE, &error);
  g_autofree char *value = NULL;

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("%s", error->message);
      return NULL;
    }
  value = dc_firmware_string_from_bytes (bytes);
  if (dc_firmware_string_is_placeholder (value))
    return NULL;
  return g_steal_pointer (&value);
}

static char *
read_device_tree_vendor (const char *root)
{
  g_autoptr (GBytes) compatible = NULL;

  compatible = dc_sysroot_read (root, "/proc/device-tree/compatible", COMPATIBLE_MAX_SIZE, NULL);
  if (compatible == NULL)
    return NULL;
  return dc_machine_vendor_from_compatible (compatible);
}

/**
 * dc_machine_read:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 * @manufacturer: (out) (transfer full) (nullable): who made the device
 * @model: (out) (transfer full) (nullable): its model
 *
 * Reads the maker and model: from the device tree on phones, from DMI on x86.
 * Desktop boards often leave the system fields as "System manufacturer" and
 * "System Product Name", so the board's vendor and name stand in for them.
 */
void
dc_machine_read (const char *root, char **manufacturer, char **model)
{
  g_autofree char *vendor = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (manufacturer != NULL);
  g_return_if_fail (model != NULL);

  vendor = read_device_tree_vendor (root);
  if (vendor == NULL)
    vendor = read_name (root, "/sys/class/dmi/id/sys_vendor");
  if (vendor == NULL)
    vendor = read_name (root, "/sys/class/dmi/id/board_vendor");

  name = read_name (root, "/proc/device-tree/model");
  if (name == NULL)
    name = read_name (root, "/sys/class/dmi/id/product_name");
  if (name == NULL)
    name = read_name (root, "/sys/class/dmi/id/board_name");

  *manufacturer = g_steal_pointer (&vendor);
  *model = g_steal_pointer (&name);
}
