/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <math.h>

#include "dc-uptime-private.h"

/* A century: longer is a broken file, not a device that never rebooted. */
#define UPTIME_MAX_S (100.0 * 365 * 24 * 3600)

/**
 * dc_uptime_parse:
 * @proc_uptime: the contents of `/proc/uptime`: "12345.67 54321.00\n",
 *   the seconds since boot and the idle seconds of all cores
 *
 * Returns: the whole seconds since boot, or -1 when the file is not that
 */
gint64
dc_uptime_parse (GBytes *proc_uptime)
{
  g_autofree char *text = NULL;
  char *end = NULL;
  gsize size;
  const char *data = g_bytes_get_data (proc_uptime, &size);
  double seconds;

  if (data == NULL || size == 0)
    return -1;
  text = g_strndup (data, size);
  seconds = g_ascii_strtod (text, &end);
  if (end == text || (*end != ' ' && *end != '\n' && *end != '\0') || !isfinite (seconds)
      || seconds < 0 || seconds > UPTIME_MAX_S)
    return -1;
  return (gint64)floor (seconds);
}
