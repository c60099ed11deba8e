/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The customer's chat account on the vendor's server: random, never derived from the device,
 * created in-band on first use. The password lives in the Secret Service (libsecret; the
 * secret portal in Flatpak); where there is none (a headless machine, tests, or
 * DEVICE_CARE_ACCOUNT_STORE=file), in a file readable by the user only. */
typedef struct
{
  char *username;
  char *password;
  gboolean registered; /* FALSE until the server accepted it */
} DcSupportAccount;

void dc_support_account_free (DcSupportAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSupportAccount, dc_support_account_free)

/* The stored account for @domain, or a new random one (stored, not yet registered). */
DcSupportAccount *dc_support_account_load_or_create (const char *domain, GError **error);
gboolean dc_support_account_mark_registered (const char *domain, DcSupportAccount *account,
                                             GError **error);

G_END_DECLS
