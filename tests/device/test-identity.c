/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <errno.h>
#include <grp.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>

#include "dc-identity.h"
#include "dc-sysroot.h"
#include "dc-machine-private.h"

/* What the customer sees for each recorded device. */
typedef struct
{
  const char *fixture;
  const char *manufacturer;
  const char *model;
  const char *serial;
  DcSerialSource source;
  const char *os_name;
  const char *os_version;
  const char *os_id;
} Expected;

static const Expected devices[] = {
  { "pinephone", "PINE64", "Pine64 PinePhone (1.2)", "deadbeef00c0ffee",
    DC_SERIAL_SOURCE_DEVICE_TREE, "Mobian GNU/Linux", "12 (bookworm)", "mobian" },
  { "librem5", "Purism", "Purism Librem 5r4", "0BADC0DE12345678", DC_SERIAL_SOURCE_SOC0, "PureOS",
    "10 (byzantium)", "pureos" },
  /* soc0 answers before androidboot.serialno; postmarketOS has no VERSION. */
  { "qualcomm-pmos", "OnePlus", "OnePlus 6", "3735928559", DC_SERIAL_SOURCE_SOC0, "postmarketOS",
    "v23.06", "postmarketos" },
  { "x86-laptop", "Framework", "Laptop (12th Gen Intel Core)", "FRANFAKE0TEST00042",
    DC_SERIAL_SOURCE_DMI, "Debian GNU/Linux", "12 (bookworm)", "debian" },
  /* The system fields are the template's; the board's name stands in. */
  { "desktop-no-serial", "ASUSTeK COMPUTER INC.", "PRIME B450M-A", NULL, DC_SERIAL_SOURCE_NONE,
    "Ubuntu", "22.04.3 LTS (Jammy Jellyfish)", "ubuntu" },
  { "cmdline-only", NULL, NULL, "93EAFAKE0042", DC_SERIAL_SOURCE_CMDLINE, NULL, NULL, NULL },
  /* The host's os-release, not the GNOME runtime's; no device tree, and
   * /etc/machine-id, which the sandbox shows, is not a serial number. */
  { "flatpak", NULL, NULL, NULL, DC_SERIAL_SOURCE_NONE, "Mobian GNU/Linux", "12 (bookworm)",
    "mobian" },
};

static GString *captured_log;

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "device", name, NULL);
}

static DcIdentity *
read_fixture (const char *name)
{
  g_autofree char *root = fixture (name);
  g_autoptr (GError) error = NULL;
  DcIdentity *identity = dc_identity_read (root, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (identity);
  return identity;
}

/* A copy a test may change, readable by the unprivileged user too. */
static void
copy_tree (const char *from, const char *to)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (from, 0, &error);
  const char *name;

  g_assert_no_error (error);
  g_assert_no_errno (g_mkdir_with_parents (to, 0755));
  g_assert_no_errno (g_chmod (to, 0755));
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (from, name, NULL);
      g_autofree char *dst = g_build_filename (to, name, NULL);
      g_autofree char *target = NULL;
      g_autofree char *contents = NULL;
      gsize size;

      if (g_file_test (src, G_FILE_TEST_IS_SYMLINK))
        {
          target = g_file_read_link (src, &error);
          g_assert_no_error (error);
          g_assert_no_errno (symlink (target, dst));
        }
      else if (g_file_test (src, G_FILE_TEST_IS_DIR))
        copy_tree (src, dst);
      else
        {
          g_file_get_contents (src, &contents, &size, &error);
          g_assert_no_error (error);
          g_file_set_contents_full (dst, contents, size, G_FILE_SET_CONTENTS_NONE, 0644, &error);
          g_assert_no_error (error);
        }
    }
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_assert_no_errno (g_rmdir (path));
    }
  else
    g_assert_no_errno (g_remove (path));
}

static char *
copy_fixture (const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *from = fixture (name);
  g_autofree char *tmp = g_dir_make_tmp ("dc-identity-XXXXXX", &error);
  char *root;

  g_assert_no_error (error);
  /* g_dir_make_tmp() makes it 0700; the unprivileged child must enter it. */
  g_assert_no_errno (g_chmod (tmp, 0755));
  root = g_build_filename (tmp, name, NULL);
  copy_tree (from, root);
  return root;
}

static void
remove_copy (const char *root)
{
  g_autofree char *tmp = g_path_get_dirname (root);

  remove_tree (tmp);
}

static void
assert_identity (DcIdentity *identity, const Expected *expected)
{
  g_assert_cmpstr (dc_identity_get_manufacturer (identity), ==, expected->manufacturer);
  g_assert_cmpstr (dc_identity_get_model (identity), ==, expected->model);
  g_assert_cmpstr (dc_identity_get_serial (identity), ==, expected->serial);
  g_assert_cmpstr (dc_serial_source_to_string (dc_identity_get_serial_source (identity)), ==,
                   dc_serial_source_to_string (expected->source));
  g_assert_cmpstr (dc_identity_get_os_name (identity), ==, expected->os_name);
  g_assert_cmpstr (dc_identity_get_os_version (identity), ==, expected->os_version);
  g_assert_cmpstr (dc_identity_get_os_id (identity), ==, expected->os_id);

  /* A reason exactly when there is no serial number. */
  if (expected->serial != NULL)
    g_assert_null (dc_identity_get_serial_problem (identity));
  else
    g_assert_nonnull (dc_identity_get_serial_problem (identity));
}

static void
test_fixture (gconstpointer data)
{
  const Expected *expected = data;
  g_autoptr (DcIdentity) identity = read_fixture (expected->fixture);

  assert_identity (identity, expected);
}

static void
test_pretty_name (void)
{
  g_autoptr (DcIdentity) phone = read_fixture ("pinephone");
  g_autoptr (DcIdentity) unknown = read_fixture ("cmdline-only");

  g_assert_cmpstr (dc_identity_get_os_pretty_name (phone), ==, "Mobian GNU/Linux 12 (bookworm)");
  g_assert_null (dc_identity_get_os_pretty_name (unknown));
}

static void
test_serial_problems (void)
{
  g_autoptr (DcIdentity) desktop = read_fixture ("desktop-no-serial");
  g_autoptr (DcIdentity) sandbox = read_fixture ("flatpak");
  g_autofree char *root = copy_fixture ("librem5");
  g_autofree char *soc0 = g_build_filename (root, "sys", "devices", "soc0", NULL);
  g_autoptr (DcIdentity) bare = NULL;
  g_autoptr (GError) error = NULL;
  const char *placeholder = dc_identity_get_serial_problem (desktop);
  const char *hidden = dc_identity_get_serial_problem (sandbox);
  const char *unpublished;

  /* A Librem 5 whose kernel has no soc0 driver publishes nothing. */
  remove_tree (soc0);
  bare = dc_identity_read (root, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (dc_identity_get_serial (bare));
  unpublished = dc_identity_get_serial_problem (bare);

  g_assert_nonnull (strstr (placeholder, "manufacturer"));
  g_assert_nonnull (strstr (hidden, "Flatpak"));
  g_assert_cmpstr (unpublished, ==, "This device does not publish a serial number.");
  remove_copy (root);
}

static void
test_flatpak_without_host_os_release (void)
{
  g_autofree char *root = copy_fixture ("flatpak");
  g_autofree char *host = g_build_filename (root, "run", "host", "os-release", NULL);
  g_autoptr (DcIdentity) identity = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_no_errno (g_remove (host));
  identity = dc_identity_read (root, NULL, &error);
  g_assert_no_error (error);

  /* Unknown, rather than the runtime's "GNOME" passed off as the phone's. */
  g_assert_null (dc_identity_get_os_name (identity));
  g_assert_null (dc_identity_get_os_id (identity));
  remove_copy (root);
}

static void
write_all (int fd, const char *text)
{
  gsize left = strlen (text);

  while (left > 0)
    {
      gssize n = write (fd, text, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      text += n;
      left -= n;
    }
}

/* In the forked child: become nobody, as an unprivileged app is, and report
 * the identity as JSON through @fd. No assertions here: the parent judges. */
static void
read_unprivileged (const char *root, int fd)
{
  g_autoptr (DcIdentity) identity = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;

  if (geteuid () == 0 && (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0))
    {
      write_all (fd, "SKIP");
      return;
    }
  identity = dc_identity_read (root, NULL, &error);
  if (identity == NULL)
    {
      write_all (fd, error->message);
      return;
    }
  node = dc_identity_to_json (identity);
  json = json_to_string (node, FALSE);
  write_all (fd, json);
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (text, buffer, n);
    }
  return g_string_free (text, FALSE);
}

/* DMI's product_serial is 0400 root on real machines. Tests run as root in
 * CI, and root reads anything, so the read happens in a child that drops to
 * nobody first. */
static void
test_unreadable_serial (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *root = copy_fixture ("x86-laptop");
  g_autofree char *serial = g_build_filename (root, "sys/class/dmi/id/product_serial", NULL);
  g_autofree char *output = NULL;
  JsonObject *object, *serial_object;
  int fds[2];
  int status;
  pid_t pid;

  g_assert_no_errno (g_chmod (serial, 0));
  g_unix_open_pipe (fds, FD_CLOEXEC, &error);
  g_assert_no_error (error);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      read_unprivileged (root, fds[1]);
      _exit (0);
    }
  close (fds[1]);
  output = read_all (fds[0]);
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  remove_copy (root);

  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  if (g_str_equal (output, "SKIP"))
    {
      g_test_skip ("Cannot drop root privileges to uid 65534 here");
      return;
    }

  node = json_from_string (output, &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  serial_object = json_object_get_object_member (object, "serial");
  g_assert_true (json_object_get_null_member (serial_object, "value"));
  g_assert_true (json_object_get_null_member (serial_object, "source"));
  g_assert_cmpstr (json_object_get_string_member (serial_object, "reason"), ==,
                   "The serial number can only be read by the administrator of this device.");
  /* The rest of DMI is world-readable and still answers. */
  g_assert_cmpstr (json_object_get_string_member (object, "manufacturer"), ==, "Framework");
}

static void
test_json_complete (void)
{
  g_autoptr (DcIdentity) identity = read_fixture ("pinephone");
  g_autoptr (JsonNode) node = dc_identity_to_json (identity);
  g_autofree char *json = json_to_string (node, FALSE);

  g_assert_cmpstr (json, ==,
                   "{\"manufacturer\":\"PINE64\",\"model\":\"Pine64 PinePhone (1.2)\","
                   "\"serial\":{\"value\":\"deadbeef00c0ffee\",\"source\":\"device-tree\"},"
                   "\"imei\":null,"
                   "\"os\":{\"name\":\"Mobian GNU/Linux\",\"version\":\"12 (bookworm)\","
                   "\"id\":\"mobian\"},"
                   "\"kernel\":\"6.1.0-sunxi64\",\"uptime_s\":12345}");
}

static void
test_json_missing_serial (void)
{
  g_autoptr (DcIdentity) identity = read_fixture ("desktop-no-serial");
  g_autoptr (JsonNode) node = dc_identity_to_json (identity);
  JsonObject *serial = json_object_get_object_member (json_node_get_object (node), "serial");

  g_assert_cmpuint (json_object_get_size (serial), ==, 3);
  g_assert_true (json_object_get_null_member (serial, "value"));
  g_assert_true (json_object_get_null_member (serial, "source"));
  g_assert_cmpstr (json_object_get_string_member (serial, "reason"), ==,
                   dc_identity_get_serial_problem (identity));
}

static void
test_json_unknown_is_null (void)
{
  g_autoptr (DcIdentity) identity = read_fixture ("cmdline-only");
  g_autoptr (JsonNode) node = dc_identity_to_json (identity);
  g_autofree char *json = json_to_string (node, FALSE);

  g_assert_cmpstr (json, ==,
                   "{\"manufacturer\":null,\"model\":null,"
                   "\"serial\":{\"value\":\"93EAFAKE0042\",\"source\":\"cmdline\"},"
                   "\"imei\":null,"
                   "\"os\":{\"name\":null,\"version\":null,\"id\":null},"
                   "\"kernel\":null,\"uptime_s\":null}");
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (source);
  *out = g_object_ref (result);
}

static DcIdentity *
read_async (const char *root, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  dc_identity_read_async (root, cancellable, on_read, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return dc_identity_read_finish (result, error);
}

static void
test_async (void)
{
  g_autofree char *root = fixture ("qualcomm-pmos");
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = read_async (root, NULL, &error);

  g_assert_no_error (error);
  assert_identity (identity, &devices[2]);
}

static void
test_async_cancelled (void)
{
  g_autofree char *root = fixture ("qualcomm-pmos");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = NULL;

  g_cancellable_cancel (cancellable);
  identity = read_async (root, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (identity);
}

static void
test_default_root (void)
{
  g_autofree char *root = fixture ("librem5");
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = NULL;
  g_autoptr (DcIdentity) from_thread = NULL;

  g_setenv ("DEVICE_CARE_ROOT", root, TRUE);
  g_assert_cmpstr (dc_sysroot_default (), ==, root);
  identity = dc_identity_read (NULL, NULL, &error);
  g_assert_no_error (error);
  from_thread = read_async (NULL, NULL, &error);
  g_assert_no_error (error);
  g_unsetenv ("DEVICE_CARE_ROOT");

  assert_identity (identity, &devices[1]);
  assert_identity (from_thread, &devices[1]);
}

static void
test_missing_root (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = dc_identity_read ("/nonexistent/capture", NULL, &error);

  g_assert_null (identity);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "DEVICE_CARE_ROOT"));
}

static void
assert_vendor (const char *compatible, gsize size, const char *expected)
{
  g_autoptr (GBytes) bytes = g_bytes_new (compatible, size);
  g_autofree char *vendor = dc_machine_vendor_from_compatible (bytes);

  g_assert_cmpstr (vendor, ==, expected);
}

static void
test_vendor_from_compatible (void)
{
  assert_vendor ("fairphone,fp4\0qcom,sm7225\0", 26, "Fairphone");
  assert_vendor ("xiaomi,beryllium\0qcom,sdm845\0", 29, "Xiaomi");
  assert_vendor ("shift,axolotl\0qcom,sdm845\0", 26, "SHIFT");
  /* Unknown makers are shown as the device tree names them. */
  assert_vendor ("acme,rocket-phone\0", 18, "acme");
  assert_vendor ("simple-bus\0", 11, NULL);
  assert_vendor (",nameless\0", 10, NULL);
  assert_vendor ("", 0, NULL);
}

static GLogWriterOutput
capture_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  for (gsize i = 0; i < n_fields && captured_log != NULL; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE"))
        g_string_append_printf (captured_log, "%s\n", (const char *)fields[i].value);
    }
  if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* A support app must never put a serial number in the journal. */
static void
test_serial_never_logged (void)
{
  captured_log = g_string_new (NULL);
  g_log_set_debug_enabled (TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autoptr (DcIdentity) identity = read_fixture (devices[i].fixture);
    }
  g_log_set_debug_enabled (FALSE);

  /* The debug messages were seen, so their absence below means something. */
  g_assert_nonnull (strstr (captured_log->str, "Serial number found in device-tree"));
  for (gsize i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      if (devices[i].serial != NULL)
        g_assert_null (strstr (captured_log->str, devices[i].serial));
    }
  g_assert_null (strstr (captured_log->str, "a1b2c3d4"));
  g_assert_null (strstr (captured_log->str, "To be filled"));
  g_string_free (g_steal_pointer (&captured_log), TRUE);
}

int
main (int argc, char **argv)
{
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autofree char *path = g_strdup_printf ("/identity/fixture/%s", devices[i].fixture);
      g_test_add_data_func (path, &devices[i], test_fixture);
    }
  /* Before anything starts GTask's worker threads: fork() copies only the
   * calling thread. */
  g_test_add_func ("/identity/serial/unreadable", test_unreadable_serial);
  g_test_add_func ("/identity/serial/problems", test_serial_problems);
  g_test_add_func ("/identity/serial/never-logged", test_serial_never_logged);
  g_test_add_func ("/identity/os/pretty-name", test_pretty_name);
  g_test_add_func ("/identity/os/flatpak-without-host-os-release",
                   test_flatpak_without_host_os_release);
  g_test_add_func ("/identity/manufacturer/from-compatible", test_vendor_from_compatible);
  g_test_add_func ("/identity/json/complete", test_json_complete);
  g_test_add_func ("/identity/json/missing-serial", test_json_missing_serial);
  g_test_add_func ("/identity/json/unknown-is-null", test_json_unknown_is_null);
  g_test_add_func ("/identity/read/missing-root", test_missing_root);
  g_test_add_func ("/identity/read/async", test_async);
  g_test_add_func ("/identity/read/async-cancelled", test_async_cancelled);
  g_test_add_func ("/identity/read/default-root", test_default_root);

  return g_test_run ();
}
