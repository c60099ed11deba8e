/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include <glib/gstdio.h>

#include "dc-sysroot.h"

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "device", name, NULL);
}

static void
test_default_root (void)
{
  g_unsetenv ("DEVICE_CARE_ROOT");
  g_assert_cmpstr (dc_sysroot_default (), ==, "/");

  g_setenv ("DEVICE_CARE_ROOT", "/srv/captures/pinephone", TRUE);
  g_assert_cmpstr (dc_sysroot_default (), ==, "/srv/captures/pinephone");

  /* An empty variable is a mistake in a shell script, not the root "". */
  g_setenv ("DEVICE_CARE_ROOT", "", TRUE);
  g_assert_cmpstr (dc_sysroot_default (), ==, "/");

  g_unsetenv ("DEVICE_CARE_ROOT");
}

static void
test_path (void)
{
  g_autofree char *on_device = dc_sysroot_path ("/", "/proc/cmdline");
  g_autofree char *captured = dc_sysroot_path ("/srv/capture", "/proc/cmdline");
  g_autofree char *from_env = NULL;

  g_assert_cmpstr (on_device, ==, "/proc/cmdline");
  g_assert_cmpstr (captured, ==, "/srv/capture/proc/cmdline");

  g_setenv ("DEVICE_CARE_ROOT", "/srv/capture", TRUE);
  from_env = dc_sysroot_path (NULL, "/etc/os-release");
  g_assert_cmpstr (from_env, ==, "/srv/capture/etc/os-release");
  g_unsetenv ("DEVICE_CARE_ROOT");
}

static void
test_read_through_root (void)
{
  g_autofree char *root = fixture ("pinephone");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GBytes) cut = NULL;

  /* The device tree's NUL terminator is part of what was read. */
  bytes = dc_sysroot_read (root, "/proc/device-tree/serial-number", 4096, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "deadbeef00c0ffee\0",
                   17);

  cut = dc_sysroot_read (root, "/proc/device-tree/serial-number", 4, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (cut, NULL), g_bytes_get_size (cut), "dead", 4);
}

static void
test_read_honours_environment (void)
{
  g_autofree char *root = fixture ("librem5");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  g_setenv ("DEVICE_CARE_ROOT", root, TRUE);
  bytes = dc_sysroot_read (NULL, "/sys/devices/soc0/serial_number", 4096, &error);
  g_unsetenv ("DEVICE_CARE_ROOT");

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "0BADC0DE12345678\n",
                   17);
}

static void
test_read_errors (void)
{
  g_autofree char *root = fixture ("pinephone");
  g_autoptr (GError) missing = NULL;
  g_autoptr (GError) directory = NULL;
  GBytes *bytes;

  bytes = dc_sysroot_read (root, "/sys/devices/soc0/serial_number", 4096, &missing);
  g_assert_null (bytes);
  g_assert_error (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  /* The message names the file, so a person knows what to look at. */
  g_assert_nonnull (strstr (missing->message, "pinephone/sys/devices/soc0/serial_number"));

  bytes = dc_sysroot_read (root, "/proc/device-tree", 4096, &directory);
  g_assert_null (bytes);
  g_assert_error (directory, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
}

/* procfs and sysfs files say their size is 0: a reader trusting stat() would
 * return nothing. */
static void
test_read_procfs (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) status = NULL;
  g_autoptr (GBytes) cut = NULL;
  GStatBuf st;

  g_assert_no_errno (g_stat ("/proc/self/status", &st));
  g_assert_cmpint (st.st_size, ==, 0);

  status = dc_sysroot_read ("/", "/proc/self/status", 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (status), >, 100);
  g_assert_cmpmem (g_bytes_get_data (status, NULL), 5, "Name:", 5);

  cut = dc_sysroot_read ("/", "/proc/self/status", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (cut), ==, 10);
}

/* Files bigger than one read() come back whole, up to the limit. */
static void
test_read_across_chunks (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("dc-sysroot-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = g_malloc (10000);
  g_autoptr (GBytes) whole = NULL;
  g_autoptr (GBytes) cut = NULL;

  g_assert_no_error (error);
  for (gsize i = 0; i < 10000; i++)
    contents[i] = 'a' + i % 26;
  path = g_build_filename (root, "big", NULL);
  g_file_set_contents (path, contents, 10000, &error);
  g_assert_no_error (error);

  whole = dc_sysroot_read (root, "/big", 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (whole, NULL), g_bytes_get_size (whole), contents, 10000);

  cut = dc_sysroot_read (root, "/big", 5000, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (cut, NULL), g_bytes_get_size (cut), contents, 5000);

  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (root));
}

static void
test_is_flatpak (void)
{
  g_autofree char *sandbox = fixture ("flatpak");
  g_autofree char *phone = fixture ("pinephone");

  g_assert_true (dc_sysroot_is_flatpak (sandbox));
  g_assert_false (dc_sysroot_is_flatpak (phone));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sysroot/default-root", test_default_root);
  g_test_add_func ("/sysroot/path", test_path);
  g_test_add_func ("/sysroot/read/through-root", test_read_through_root);
  g_test_add_func ("/sysroot/read/honours-environment", test_read_honours_environment);
  g_test_add_func ("/sysroot/read/errors", test_read_errors);
  g_test_add_func ("/sysroot/read/procfs", test_read_procfs);
  g_test_add_func ("/sysroot/read/across-chunks", test_read_across_chunks);
  g_test_add_func ("/sysroot/is-flatpak", test_is_flatpak);

  return g_test_run ();
}
