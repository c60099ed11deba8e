/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-firmware-string-private.h"
#include "dc-kernel-cmdline-private.h"
#include "dc-serial-private.h"
#include "dc-sysroot.h"

/* Serial numbers are short; a bigger file is not one. */
#define SERIAL_MAX_SIZE 256
/* COMMAND_LINE_SIZE is 2048 on arm64 and x86, 4096 on a few others. */
#define CMDLINE_MAX_SIZE (16 * 1024)

/* Why the sources did not answer, to tell the customer the likeliest one. */
typedef struct
{
  gboolean denied;      /* a source exists but only root may read it (DMI) */
  gboolean placeholder; /* a source holds OEM junk such as "Default string" */
} SerialSearch;

/* The value of a source, or NULL with @search updated. Never logs the value:
 * a support app must not put serial numbers in the journal. */
static char *
accept_value (GBytes *bytes, const char *where, SerialSearch *search)
{
  g_autofree char *value = dc_firmware_string_from_bytes (bytes);

  if (dc_firmware_string_is_placeholder (value))
    {
      g_debug ("Ignoring the placeholder serial number in %s", where);
      search->placeholder = TRUE;
      return NULL;
    }
  return g_steal_pointer (&value);
}

static GBytes *
read_source (const char *root, const char *path, gsize max_size, SerialSearch *search)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes = dc_sysroot_read (root, path, max_size, &error);

  if (bytes != NULL)
    return bytes;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    search->denied = TRUE;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("No serial number from %s: %s", path, error->message);
  return NULL;
}

static char *
read_file_source (const char *root, const char *path, SerialSearch *search)
{
  g_autoptr (GBytes) bytes = read_source (root, path, SERIAL_MAX_SIZE, search);

  if (bytes == NULL)
    return NULL;
  return accept_value (bytes, path, search);
}

static char *
read_cmdline_source (const char *root, SerialSearch *search)
{
  g_autoptr (GBytes) cmdline = read_source (root, "/proc/cmdline", CMDLINE_MAX_SIZE, search);
  g_autoptr (GBytes) bytes = NULL;
  char *value;

  if (cmdline == NULL)
    return NULL;
  value = dc_kernel_cmdline_get (cmdline, "androidboot.serialno");
  if (value == NULL)
    return NULL;
  bytes = g_bytes_new_take (value, strlen (value));
  return accept_value (bytes, "androidboot.serialno", search);
}

static char *
describe_problem (const char *root, const SerialSearch *search)
{
  if (search->denied)
    return g_strdup (_ ("The serial number can only be read by the administrator of this "
                        "device."));
  if (search->placeholder)
    return g_strdup (_ ("The manufacturer left the serial number blank in this device’s "
                        "firmware."));
  if (dc_sysroot_is_flatpak (root))
    return g_strdup (_ ("The serial number is hidden from apps running in a Flatpak "
                        "sandbox."));
  return g_strdup (_ ("This device does not publish a serial number."));
}

/**
 * dc_serial_read:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 * @source: (out): where the serial number was found
 * @problem: (out) (transfer full) (nullable): why there is none, in words a
 *   customer understands, or %NULL when one was found
 *
 * The device's serial number, from the first source that answers in the order
 * of DESIGN §2: the device tree (U-Boot), soc0 (Qualcomm, i.MX8M), the
 * `androidboot.serialno` the bootloader passes, then DMI (x86). Never
 * `/etc/machine-id`, which identifies an installation, not the hardware.
 *
 * Returns: (transfer full) (nullable): the serial number, or %NULL
 */
char *
dc_serial_read (const char *root, DcSerialSource *source, char **problem)
{
  static const struct
  {
    DcSerialSource source;
    const char *path;
  } files[] = {
    { DC_SERIAL_SOURCE_DEVICE_TREE, "/proc/device-tree/serial-number" },
    { DC_SERIAL_SOURCE_SOC0, "/sys/devices/soc0/serial_number" },
    { DC_SERIAL_SOURCE_CMDLINE, NULL }, /* an argument in /proc/cmdline */
    { DC_SERIAL_SOURCE_DMI, "/sys/class/dmi/id/product_serial" },
  };
  SerialSearch search = { FALSE, FALSE };

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (problem != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *value = NULL;

      if (files[i].path != NULL)
        value = read_file_source (root, files[i].path, &search);
      else
        value = read_cmdline_source (root, &search);

      if (value != NULL)
        {
          g_debug ("Serial number found in %s", dc_serial_source_to_string (files[i].source));
          *source = files[i].source;
          *problem = NULL;
          return g_steal_pointer (&value);
        }
    }

  *source = DC_SERIAL_SOURCE_NONE;
  *problem = describe_problem (root, &search);
  return NULL;
}
