/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "dc-support-account.h"
#include "prosody-harness.h"

/* The customer's chat account: random, kept across runs, in the Secret Service when there is one
 * (a real gnome-keyring-daemon on a private session bus here), in a file only the user reads
 * otherwise. */

static char *
account_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "device-care", "account.ini", NULL);
}

static void
check_kept (const char *domain, DcSupportAccount *first)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSupportAccount) again = dc_support_account_load_or_create (domain, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (again->username, ==, first->username);
  g_assert_cmpstr (again->password, ==, first->password);
  g_assert_false (again->registered);

  g_assert_true (dc_support_account_mark_registered (domain, again, &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, dc_support_account_free);
  again = dc_support_account_load_or_create (domain, &error);
  g_assert_cmpstr (again->username, ==, first->username);
  g_assert_true (again->registered);
}

static DcSupportAccount *
create (const char *domain)
{
  g_autoptr (GError) error = NULL;
  DcSupportAccount *account = dc_support_account_load_or_create (domain, &error);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (account->username, "dc-"));
  g_assert_cmpuint (strlen (account->password), >=, 20);
  g_assert_false (account->registered);
  return account;
}

static void
test_file (void)
{
  g_autoptr (DcSupportAccount) first = NULL;
  g_autoptr (DcSupportAccount) other = NULL;
  g_autofree char *path = account_file ();
  GStatBuf st;

  g_setenv ("DEVICE_CARE_ACCOUNT_STORE", "file", TRUE);
  first = create ("chat.acme.example");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  check_kept ("chat.acme.example", first);

  /* Another vendor's server gets another account. */
  other = create ("support.other.example");
  g_assert_cmpstr (other->username, !=, first->username);
  g_unlink (path);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
name_appeared_cb (GDBusConnection *connection, const char *name, const char *owner,
                  gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
}

static void
test_secret_service (void)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) keyring = NULL;
  g_autoptr (DcSupportAccount) first = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = account_file ();
  gboolean appeared = FALSE;
  guint watch;
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");

  if (daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return;
    }
  g_unsetenv ("DEVICE_CARE_ACCOUNT_STORE");
  /* meson runs this test under dbus-run-session: a session bus of its own. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No session bus");
      return;
    }

  /* A new login keyring, created and unlocked with the password read from standard input. */
  launcher
    = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  keyring = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                         "--unlock", "--components=secrets", NULL);
  g_assert_no_error (error);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (keyring), "keyring-secret", 14, NULL,
                             NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (g_subprocess_get_stdin_pipe (keyring), NULL, NULL);
  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, "org.freedesktop.secrets",
                            G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared_cb, NULL, &appeared, NULL);
  while (!appeared)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);

  first = create ("chat.acme.example");
  /* The password went to the keyring: no file holds it. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  check_kept ("chat.acme.example", first);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  secret_service_disconnect ();
  g_subprocess_force_exit (keyring);
  g_subprocess_wait (keyring, NULL, NULL);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *home = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Before any thread: the keyring and the file live in a folder of the test's own. */
  home = g_dir_make_tmp ("dc-account-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", home, TRUE);

  g_test_add_func ("/support-account/file", test_file);
  g_test_add_func ("/support-account/secret-service", test_secret_service);
  status = g_test_run ();
  test_remove_tree (home);
  return status;
}
