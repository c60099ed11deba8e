/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "dc-sysroot.h"

/* Chunk for the bounded read loop: sysfs attributes are at most a page. */
#define READ_CHUNK 4096

/**
 * dc_sysroot_default:
 *
 * The directory every device file is read under: `DEVICE_CARE_ROOT` when it
 * is set and not empty, otherwise "/". A captured tree of a customer's phone
 * can so be replayed on a developer's machine.
 *
 * The environment is read on every call, not cached, so tests can change it.
 *
 * Returns: the root directory; do not free
 */
const char *
dc_sysroot_default (void)
{
  const char *root = g_getenv ("DEVICE_CARE_ROOT");

  if (root == NULL || *root == '\0')
    return "/";
  return root;
}

/**
 * dc_sysroot_path:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 * @path: an absolute path as seen on the device, such as "/proc/cmdline"
 *
 * Where @path lies under @root.
 *
 * Returns: (transfer full): the path on this machine
 */
char *
dc_sysroot_path (const char *root, const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (root == NULL)
    root = dc_sysroot_default ();
  return g_build_filename (root, path, NULL);
}

/* sysfs and procfs files report a size of 0 or 4096 whatever they hold, so
 * the size is never asked: read until the end or until @max_size bytes. */
static gboolean
read_bounded (int fd, GByteArray *buffer, gsize max_size, int *saved_errno)
{
  while (buffer->len < max_size)
    {
      gsize want = MIN (READ_CHUNK, max_size - buffer->len);
      guint old_len = buffer->len;
      gssize n;

      g_byte_array_set_size (buffer, old_len + want);
      n = read (fd, buffer->data + old_len, want);
      if (n < 0)
        {
          g_byte_array_set_size (buffer, old_len);
          if (errno == EINTR)
            continue;
          *saved_errno = errno;
          return FALSE;
        }
      g_byte_array_set_size (buffer, old_len + n);
      if (n == 0)
        break;
    }
  return TRUE;
}

/**
 * dc_sysroot_read:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 * @path: an absolute path as seen on the device, such as "/proc/cmdline"
 * @max_size: the most bytes to read; a longer file is cut there
 * @error: return location for a #GError in the %G_IO_ERROR domain, whose
 *   code follows errno (%G_IO_ERROR_NOT_FOUND, %G_IO_ERROR_PERMISSION_DENIED…)
 *
 * Reads a file under @root, at most @max_size bytes of it.
 *
 * Returns: (transfer full): the bytes read, or %NULL with @error set
 */
GBytes *
dc_sysroot_read (const char *root, const char *path, gsize max_size, GError **error)
{
  g_autofree char *filename = NULL;
  g_autoptr (GByteArray) buffer = NULL;
  int saved_errno = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  filename = dc_sysroot_path (root, path);
  fd = g_open (filename, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: a file name, then the system's reason. */
                   _ ("Could not open “%s”: %s"), filename, g_strerror (saved_errno));
      return NULL;
    }

  buffer = g_byte_array_new ();
  if (!read_bounded (fd, buffer, max_size, &saved_errno))
    {
      g_close (fd, NULL);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   /* Translators: a file name, then the system's reason. */
                   _ ("Could not read “%s”: %s"), filename, g_strerror (saved_errno));
      return NULL;
    }
  g_close (fd, NULL);

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/**
 * dc_sysroot_is_flatpak:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 *
 * Whether @root is a Flatpak sandbox, which Flatpak marks with a
 * `/.flatpak-info` file. In a sandbox the device tree is hidden and
 * `/etc/os-release` describes the runtime, not the phone.
 *
 * Returns: %TRUE inside a Flatpak sandbox
 */
gboolean
dc_sysroot_is_flatpak (const char *root)
{
  g_autofree char *filename = dc_sysroot_path (root, "/.flatpak-info");

  return g_file_test (filename, G_FILE_TEST_EXISTS);
}
