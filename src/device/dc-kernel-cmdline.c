/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include "dc-kernel-cmdline-private.h"

/* Splits the command line as the kernel does (lib/cmdline.c): arguments are
 * separated by whitespace, except inside double quotes, and the quotes are
 * not part of the value. Returns the next argument, unquoted, or NULL. */
static char *
next_argument (const char **cursor)
{
  const char *p = *cursor;
  GString *arg;
  gboolean in_quote = FALSE;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0')
    {
      *cursor = p;
      return NULL;
    }

  arg = g_string_new (NULL);
  for (; *p != '\0'; p++)
    {
      if (*p == '"')
        in_quote = !in_quote;
      else if (g_ascii_isspace (*p) && !in_quote)
        break;
      else
        g_string_append_c (arg, *p);
    }
  *cursor = p;
  return g_string_free (arg, FALSE);
}

/**
 * dc_kernel_cmdline_get:
 * @cmdline: the contents of `/proc/cmdline`
 * @key: an argument name, such as "androidboot.serialno"
 *
 * The value of `key=value` on the kernel command line. When the argument is
 * given more than once the last one counts: the bootloader appends its own
 * arguments after the ones built into the boot image, and the kernel and
 * Android's init also let the later one win.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL when @key is not
 *   there or has no value
 */
char *
dc_kernel_cmdline_get (GBytes *cmdline, const char *key)
{
  g_autofree char *text = NULL;
  g_autofree char *value = NULL;
  const char *cursor;
  gsize key_len;
  gsize size;
  const char *data;

  g_return_val_if_fail (cmdline != NULL, NULL);
  g_return_val_if_fail (key != NULL && *key != '\0', NULL);

  data = g_bytes_get_data (cmdline, &size);
  text = g_strndup (data != NULL ? data : "", size);
  key_len = strlen (key);

  cursor = text;
  for (;;)
    {
      g_autofree char *arg = next_argument (&cursor);

      if (arg == NULL)
        break;
      if (strncmp (arg, key, key_len) == 0 && arg[key_len] == '=')
        {
          g_free (value);
          value = g_strdup (arg + key_len + 1);
        }
    }

  if (value == NULL || *value == '\0')
    return NULL;
  return g_steal_pointer (&value);
}
