/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

#include "config.h"

#include <string.h>
#include <errno.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "dc-support-account.h"

static const SecretSchema *
account_schema (void)
{
  static const SecretSchema schema = {
    "io.github.devicecare.DeviceCare.Account",
    SECRET_SCHEMA_NONE,
    {
      { "domain", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "registered", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

void
dc_support_account_free (DcSupportAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->username);
  if (account->password != NULL)
    memset (account->password, 0, strlen (account->password));
  g_free (account->password);
  g_free (account);
}

static gboolean
use_file (void)
{
  return g_strcmp0 (g_getenv ("DEVICE_CARE_ACCOUNT_STORE"), "file") == 0;
}

static char *
account_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "device-care", "account.ini", NULL);
}

static DcSupportAccount *
random_account (void)
{
  DcSupportAccount *account = g_new0 (DcSupportAccount, 1);
  g_autofree char *uuid = g_uuid_string_random ();
  guint8 secret[18];

  if (getrandom (secret, sizeof secret, 0) != sizeof secret)
    for (gsize i = 0; i < sizeof secret; i++)
      secret[i] = g_random_int_range (0, 256);
  account->username = g_strdup_printf ("dc-%.8s%.4s", uuid, uuid + 9);
  account->password = g_base64_encode (secret, sizeof secret);
  memset (secret, 0, sizeof secret);
  return account;
}

static DcSupportAccount *
load_file (const char *domain, GError **error)
{
  g_autofree char *path = account_file ();
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autoptr (GError) local = NULL;
  DcSupportAccount *account;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return NULL;
      g_propagate_prefixed_error (error, g_steal_pointer (&local),
                                  _ ("Could not read the chat account in %s: "), path);
      return NULL;
    }
  if (!g_key_file_has_group (file, domain))
    return NULL;
  account = g_new0 (DcSupportAccount, 1);
  account->username = g_key_file_get_string (file, domain, "Username", NULL);
  account->password = g_key_file_get_string (file, domain, "Password", NULL);
  account->registered = g_key_file_get_boolean (file, domain, "Registered", NULL);
  if (account->username == NULL || account->password == NULL)
    g_clear_pointer (&account, dc_support_account_free);
  return account;
}

static gboolean
save_file (const char *domain, DcSupportAccount *account, GError **error)
{
  g_autofree char *path = account_file ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;

  g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
  g_key_file_set_string (file, domain, "Username", account->username);
  g_key_file_set_string (file, domain, "Password", account->password);
  g_key_file_set_boolean (file, domain, "Registered", account->registered);
  data = g_key_file_to_data (file, &length, NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   _ ("Could not create %s: %s"), folder, g_strerror (errno));
      return FALSE;
    }
  /* g_file_set_contents_full writes a temporary file and renames it: mode 0600 from the start. */
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

static DcSupportAccount *
load_secret (const char *domain, GError **error)
{
  g_autolist (SecretRetrievable) found = NULL;
  g_autoptr (GHashTable) attributes = NULL;
  g_autoptr (SecretValue) value = NULL;
  SecretRetrievable *item;
  DcSupportAccount *account;

  found = secret_password_search_sync (account_schema (), SECRET_SEARCH_UNLOCK, NULL, error,
                                       "domain", domain, NULL);
  if (found == NULL)
    return NULL;
  item = found->data;
  value = secret_retrievable_retrieve_secret_sync (item, NULL, error);
  if (value == NULL)
    return NULL;
  attributes = secret_retrievable_get_attributes (item);
  account = g_new0 (DcSupportAccount, 1);
  account->username = g_strdup (g_hash_table_lookup (attributes, "username"));
  account->password = g_strdup (secret_value_get_text (value));
  account->registered = g_strcmp0 (g_hash_table_lookup (attributes, "registered"), "true") == 0;
  if (account->username == NULL || account->password == NULL)
    g_clear_pointer (&account, dc_support_account_free);
  return account;
}

static gboolean
save_secret (const char *domain, DcSupportAccount *account, GError **error)
{
  g_autofree char *label = g_strdup_printf (_ ("Device Care support chat account (%s)"), domain);

  /* One account a domain: the old item (not registered) goes. */
  secret_password_clear_sync (account_schema (), NULL, NULL, "domain", domain, NULL);
  return secret_password_store_sync (account_schema (), SECRET_COLLECTION_DEFAULT, label,
                                     account->password, NULL, error, "domain", domain, "username",
                                     account->username, "registered",
                                     account->registered ? "true" : "false", NULL);
}

static gboolean
save (const char *domain, DcSupportAccount *account, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!use_file () && save_secret (domain, account, &local))
    return TRUE;
  if (local != NULL)
    g_debug ("No Secret Service (%s): keeping the chat account in a private file", local->message);
  return save_file (domain, account, error);
}

/**
 * dc_support_account_load_or_create:
 * @domain: the XMPP domain
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the account to log in with
 */
DcSupportAccount *
dc_support_account_load_or_create (const char *domain, GError **error)
{
  DcSupportAccount *account = NULL;
  g_autoptr (GError) local = NULL;

  if (!use_file ())
    account = load_secret (domain, &local);
  if (account == NULL)
    account = load_file (domain, error);
  if (account != NULL)
    return account;
  if (error != NULL && *error != NULL)
    return NULL;
  account = random_account ();
  if (!save (domain, account, error))
    g_clear_pointer (&account, dc_support_account_free);
  return account;
}

/**
 * dc_support_account_mark_registered:
 * @domain: the XMPP domain
 * @account: the account the server accepted
 * @error: return location for a #GError
 *
 * Returns: %TRUE when stored
 */
gboolean
dc_support_account_mark_registered (const char *domain, DcSupportAccount *account, GError **error)
{
  account->registered = TRUE;
  return save (domain, account, error);
}
