/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include <glib/gstdio.h>

#include "dc-os-release-private.h"

static GHashTable *
parse (const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));

  return dc_os_release_parse (bytes);
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "device", name, NULL);
}

static void
test_quotes (void)
{
  g_autoptr (GHashTable) fields = parse ("NAME=\"Mobian GNU/Linux\"\n"
                                         "ID=mobian\n"
                                         "VERSION='12 (bookworm)'\n"
                                         "VARIANT=\"\"\n");

  g_assert_cmpstr (g_hash_table_lookup (fields, "NAME"), ==, "Mobian GNU/Linux");
  g_assert_cmpstr (g_hash_table_lookup (fields, "ID"), ==, "mobian");
  g_assert_cmpstr (g_hash_table_lookup (fields, "VERSION"), ==, "12 (bookworm)");
  g_assert_cmpstr (g_hash_table_lookup (fields, "VARIANT"), ==, "");
  g_assert_cmpuint (g_hash_table_size (fields), ==, 4);
}

static void
test_escapes (void)
{
  g_autoptr (GHashTable) fields = parse ("PRETTY_NAME=\"Say \\\"hi\\\" \\\\ \\$HOME \\`x\\`\"\n"
                                         "VARIANT=Phone\\ Edition\n"
                                         "LITERAL='no \\escape here'\n"
                                         "NEWLINE=\"a\\nb\"\n");

  g_assert_cmpstr (g_hash_table_lookup (fields, "PRETTY_NAME"), ==, "Say \"hi\" \\ $HOME `x`");
  g_assert_cmpstr (g_hash_table_lookup (fields, "VARIANT"), ==, "Phone Edition");
  g_assert_cmpstr (g_hash_table_lookup (fields, "LITERAL"), ==, "no \\escape here");
  /* A shell keeps an unknown escape inside double quotes as it is. */
  g_assert_cmpstr (g_hash_table_lookup (fields, "NEWLINE"), ==, "a\\nb");
}

static void
test_comments_and_blank_lines (void)
{
  g_autoptr (GHashTable) fields = parse ("# NAME=\"Commented out\"\n"
                                         "\n"
                                         "   # ID=indented-comment\n"
                                         "NAME=Debian\r\n"
                                         "SUPPORT_URL=\"https://matrix.to/#/#mobian:matrix.org\"\n"
                                         "   \n");

  g_assert_cmpstr (g_hash_table_lookup (fields, "NAME"), ==, "Debian");
  g_assert_false (g_hash_table_contains (fields, "ID"));
  /* A # inside a value is not a comment. */
  g_assert_cmpstr (g_hash_table_lookup (fields, "SUPPORT_URL"), ==,
                   "https://matrix.to/#/#mobian:matrix.org");
  g_assert_cmpuint (g_hash_table_size (fields), ==, 2);
}

static void
test_malformed_lines (void)
{
  g_autoptr (GHashTable) fields = parse ("garbage without equals\n"
                                         "BAD KEY=1\n"
                                         "1KEY=2\n"
                                         "=3\n"
                                         "NAME=\"unterminated\n"
                                         "ID=pureos\n"
                                         "VERSION=\"\xff\xfe\"\n"
                                         "ID=pureos-again\n"
                                         "VERSION_ID=10");

  /* One broken line hides nothing else; the last assignment wins. */
  g_assert_cmpstr (g_hash_table_lookup (fields, "ID"), ==, "pureos-again");
  g_assert_cmpstr (g_hash_table_lookup (fields, "VERSION_ID"), ==, "10");
  g_assert_false (g_hash_table_contains (fields, "NAME"));
  g_assert_false (g_hash_table_contains (fields, "VERSION"));
  g_assert_cmpuint (g_hash_table_size (fields), ==, 2);
}

static void
test_empty (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new (NULL, 0);
  g_autoptr (GHashTable) fields = dc_os_release_parse (bytes);

  g_assert_nonnull (fields);
  g_assert_cmpuint (g_hash_table_size (fields), ==, 0);
}

static void
assert_loaded_id (const char *fixture_name, const char *expected_id)
{
  g_autofree char *root = fixture (fixture_name);
  g_autoptr (GHashTable) fields = dc_os_release_load (root);

  g_assert_nonnull (fields);
  g_assert_cmpstr (g_hash_table_lookup (fields, "ID"), ==, expected_id);
}

static void
test_load (void)
{
  g_autofree char *empty_root = fixture ("cmdline-only");

  assert_loaded_id ("librem5", "pureos");
  /* Debian's /etc/os-release is a relative symlink into /usr/lib. */
  assert_loaded_id ("x86-laptop", "debian");
  /* Only /usr/lib/os-release. */
  assert_loaded_id ("desktop-no-serial", "ubuntu");
  /* The host's, not the runtime's. */
  assert_loaded_id ("flatpak", "mobian");

  g_assert_null (dc_os_release_load (empty_root));
}

static void
test_load_prefers_etc (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("dc-os-release-XXXXXX", &error);
  g_autofree char *etc = g_build_filename (root, "etc", NULL);
  g_autofree char *usr = g_build_filename (root, "usr", NULL);
  g_autofree char *usr_lib = g_build_filename (usr, "lib", NULL);
  g_autofree char *etc_file = g_build_filename (etc, "os-release", NULL);
  g_autofree char *usr_lib_file = g_build_filename (usr_lib, "os-release", NULL);
  g_autoptr (GHashTable) fields = NULL;

  g_assert_no_error (error);
  g_assert_no_errno (g_mkdir_with_parents (etc, 0755));
  g_assert_no_errno (g_mkdir_with_parents (usr_lib, 0755));
  g_file_set_contents (etc_file, "ID=admin-edited\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (usr_lib_file, "ID=vendor\n", -1, &error);
  g_assert_no_error (error);

  fields = dc_os_release_load (root);
  g_assert_cmpstr (g_hash_table_lookup (fields, "ID"), ==, "admin-edited");

  g_assert_no_errno (g_remove (etc_file));
  g_assert_no_errno (g_remove (usr_lib_file));
  g_assert_no_errno (g_rmdir (etc));
  g_assert_no_errno (g_rmdir (usr_lib));
  g_assert_no_errno (g_rmdir (usr));
  g_assert_no_errno (g_rmdir (root));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/os-release/parse/quotes", test_quotes);
  g_test_add_func ("/os-release/parse/escapes", test_escapes);
  g_test_add_func ("/os-release/parse/comments-and-blank-lines", test_comments_and_blank_lines);
  g_test_add_func ("/os-release/parse/malformed-lines", test_malformed_lines);
  g_test_add_func ("/os-release/parse/empty", test_empty);
  g_test_add_func ("/os-release/load", test_load);
  g_test_add_func ("/os-release/load/prefers-etc", test_load_prefers_etc);

  return g_test_run ();
}
