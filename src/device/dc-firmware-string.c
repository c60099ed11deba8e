/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include "dc-firmware-string-private.h"

/* What OEMs leave in DMI (and, rarely, in SMEM or the device tree) when they
 * did not fill a field in. Compared without regard to case, as vendors write
 * "To Be Filled By O.E.M." and "To be filled by O.E.M." alike. */
static const char *const placeholders[] = {
  "To be filled by O.E.M.",
  "To be filled by O.E.M",
  "Default string",
  "System Serial Number",
  "System Product Name",
  "System manufacturer",
  "System Version",
  "Chassis Serial Number",
  "Base Board Serial Number",
  "Not Specified",
  "Not Applicable",
  "Not Available",
  "None",
  "N/A",
  "NA",
  "OEM",
  "O.E.M.",
  "Unknown",
  "Invalid",
  "Type1ProductConfigId",
  "0123456789",
  "123456789",
  "1234567890",
  "Serial",
  "SerialNumber",
};

/**
 * dc_firmware_string_from_bytes:
 * @bytes: (nullable): the contents of a device-tree property or sysfs file
 *
 * The text of a file the kernel or the firmware wrote: up to the first NUL
 * (device-tree strings end with one, `compatible` holds several), without
 * the surrounding whitespace and newline.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when it is empty,
 *   not UTF-8 or holds control characters, none of which a person could read
 */
char *
dc_firmware_string_from_bytes (GBytes *bytes)
{
  g_autofree char *text = NULL;
  const char *data;
  gsize size;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL)
    return NULL;
  text = g_strndup (data, size); /* stops at the first NUL */
  g_strstrip (text);

  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p))
        return NULL;
    }
  return g_steal_pointer (&text);
}

/* "0", "00000000", "FFFFFFFFFFFF", "xxxxxxxx", an all-zero UUID: an erased
 * or unprogrammed field, never a real serial number or name. Separators are
 * skipped so "00000000-0000-0000-0000-000000000000" counts too. */
static gboolean
is_one_repeated_char (const char *value)
{
  char first = '\0';

  for (const char *p = value; *p != '\0'; p++)
    {
      if (strchr ("-:. ", *p) != NULL)
        continue;
      if (first == '\0')
        first = *p;
      else if (*p != first)
        return FALSE;
    }
  return TRUE;
}

/**
 * dc_firmware_string_is_placeholder:
 * @value: (nullable): a cleaned string from dc_firmware_string_from_bytes()
 *
 * Whether @value is the junk OEMs leave when they did not fill a field in
 * ("To be filled by O.E.M.", "Default string", "0", "00000000",
 * "FFFFFFFF"…) rather than something describing this device.
 *
 * Returns: %TRUE for a placeholder, an empty string or %NULL
 */
gboolean
dc_firmware_string_is_placeholder (const char *value)
{
  if (value == NULL || *value == '\0')
    return TRUE;

  if (is_one_repeated_char (value))
    return TRUE;

  for (gsize i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      if (g_ascii_strcasecmp (value, placeholders[i]) == 0)
        return TRUE;
    }
  return FALSE;
}
