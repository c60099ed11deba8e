/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

/* explicit_bzero() is hidden by c_std=c11 otherwise. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dc-sasl-private.h"

/* Choosing the mechanism, PLAIN and ANONYMOUS, and the steps of every exchange; SCRAM's own
 * messages and keys are in dc-sasl-scram.c. */

/**
 * DcSasl:
 *
 * The client side of one SASL exchange for XMPP (RFC 6120 §6).
 *
 * SCRAM runs without channel binding (gs2 header "n,,"), so the -PLUS variants are never chosen.
 * Usernames and passwords go on the wire as their UTF-8 bytes: no SASLprep is applied, which is
 * exact for printable ASCII (SASLprep leaves it unchanged) — Device Care's own passwords are random
 * ASCII. A non-ASCII password is sent unnormalised, so it only works if the server's stored form
 * used the same normalisation.
 *
 * The password is wiped when the exchange is freed; the salted password and the keys derived from
 * it live only on the stack while the proof is computed, and are wiped right after. GHmac's own
 * copies of its key are beyond our reach.
 */

/* In order of preference. */
const MechanismInfo dc_sasl_mechanisms[] = {
  [MECH_SCRAM_SHA_256] = { "SCRAM-SHA-256", G_CHECKSUM_SHA256, 32 },
  [MECH_SCRAM_SHA_1] = { "SCRAM-SHA-1", G_CHECKSUM_SHA1, 20 },
  [MECH_PLAIN] = { "PLAIN", 0, 0 },
  [MECH_ANONYMOUS] = { "ANONYMOUS", 0, 0 },
};

#define MAX_SHOWN 64 /* characters of server text quoted in a message */

/* clang-format off */
G_DEFINE_QUARK (dc-sasl-error-quark, dc_sasl_error)
/* clang-format on */

void
dc_sasl_wipe (void *data, gsize len)
{
#if defined(HAVE_EXPLICIT_BZERO)                                                                   \
  || (defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 25)))
  explicit_bzero (data, len);
#else
  /* A call through a volatile pointer cannot be proven dead, so it is not optimised away. */
  static void *(*volatile do_memset) (void *, int, size_t) = memset;
  do_memset (data, 0, len);
#endif
}

static void
wipe_string (char *str)
{
  if (str != NULL)
    dc_sasl_wipe (str, strlen (str));
  g_free (str);
}

static gboolean
is_scram (DcSasl *self)
{
  return self->mechanism == MECH_SCRAM_SHA_256 || self->mechanism == MECH_SCRAM_SHA_1;
}

/* Server text quoted in a message a person reads: printable ASCII only, and not too much of it. */
char *
dc_sasl_shown (const char *text)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      if (out->len >= MAX_SHOWN)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_c (out, g_ascii_isprint (text[i]) ? text[i] : '?');
    }
  return g_string_free (out, FALSE);
}

gboolean
dc_sasl_set_protocol_error (GError **error, const char *reason)
{
  g_set_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL,
               _ ("Signing in to the support server failed: %s. Try again later; if it keeps "
                  "failing, ask the server’s administrator to check its sign-in settings."),
               reason);
  return FALSE;
}

/* Out of order or malformed: either way this exchange cannot continue. */
static gboolean
fail (DcSasl *self, GError **error, const char *reason)
{
  self->state = STATE_FAILED;
  return dc_sasl_set_protocol_error (error, reason);
}

static gboolean
offers (const char *const *offered, const char *name)
{
  for (gsize i = 0; offered != NULL && offered[i] != NULL; i++)
    if (g_strcmp0 (offered[i], name) == 0)
      return TRUE;
  return FALSE;
}

static int
choose_mechanism (const char *const *offered, gboolean guest, gboolean secure_channel)
{
  /* A guest has no password; someone with an account never signs in as nobody. */
  if (guest)
    return offers (offered, "ANONYMOUS") ? MECH_ANONYMOUS : -1;

  for (int m = MECH_SCRAM_SHA_256; m <= MECH_PLAIN; m++)
    {
      /* PLAIN sends the password itself: only where nobody can read it on the way. */
      if (m == MECH_PLAIN && !secure_channel)
        continue;
      if (offers (offered, dc_sasl_mechanisms[m].name))
        return m;
    }
  return -1;
}

static void
set_no_mechanism_error (GError **error, const char *const *offered, gboolean guest)
{
  g_autoptr (GString) list = g_string_new (NULL);

  for (gsize i = 0; offered != NULL && offered[i] != NULL; i++)
    {
      g_autofree char *name = dc_sasl_shown (offered[i]);
      g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", name);
    }
  if (list->len == 0)
    g_string_append (list, _ ("nothing"));

  if (guest)
    g_set_error (error, DC_SASL_ERROR, DC_SASL_ERROR_NO_MECHANISM,
                 _ ("The support server does not allow guest sign-in (it offered: %s). Ask its "
                    "administrator to enable anonymous sign-in (SASL ANONYMOUS) for this host."),
                 list->str);
  else
    g_set_error (error, DC_SASL_ERROR, DC_SASL_ERROR_NO_MECHANISM,
                 _ ("The support server offers no sign-in method Device Care can use safely (it "
                    "offered: %s). Ask its administrator to enable SCRAM-SHA-256 or SCRAM-SHA-1, "
                    "or to serve it over TLS."),
                 list->str);
}

/**
 * dc_sasl_new:
 * @offered: (array zero-terminated=1) (nullable): the mechanisms the server offered, in any order
 * @username: (nullable): the account's username, or %NULL for a guest
 * @password: (nullable): the account's password; may be %NULL only for a guest
 * @secure_channel: whether the stream is protected (TLS or loopback), which PLAIN needs
 * @error: return location for a #GError
 *
 * Chooses a mechanism by Device Care's preference (SCRAM-SHA-256, SCRAM-SHA-1, PLAIN if
 * @secure_channel), or ANONYMOUS when @username is %NULL, whatever the order of @offered.
 *
 * Returns: (transfer full): a new exchange, or %NULL with %DC_SASL_ERROR_NO_MECHANISM
 */
DcSasl *
dc_sasl_new (const char *const *offered, const char *username, const char *password,
             gboolean secure_channel, GError **error)
{
  g_autoptr (DcSasl) self = NULL;
  int mechanism;

  g_return_val_if_fail (username == NULL || password != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mechanism = choose_mechanism (offered, username == NULL, secure_channel);
  if (mechanism < 0)
    {
      set_no_mechanism_error (error, offered, username == NULL);
      return NULL;
    }

  self = g_new0 (DcSasl, 1);
  self->mechanism = (Mechanism)mechanism;
  self->state = STATE_NEW;
  self->username = g_strdup (username);
  self->password = g_strdup (password);
  if (is_scram (self))
    {
      self->client_nonce = dc_sasl_scram_new_client_nonce (error);
      if (self->client_nonce == NULL)
        return NULL;
    }
  return g_steal_pointer (&self);
}

/**
 * dc_sasl_free:
 * @self: (nullable): a #DcSasl
 *
 * Wipes the password and the expected server signature, then frees @self.
 */
void
dc_sasl_free (DcSasl *self)
{
  if (self == NULL)
    return;

  g_free (self->username);
  wipe_string (self->password);
  g_free (self->client_nonce);
  g_free (self->client_first_bare);
  dc_sasl_wipe (self->server_signature, sizeof self->server_signature);
  g_free (self);
}

/**
 * dc_sasl_get_mechanism:
 * @self: a #DcSasl
 *
 * Returns: the chosen mechanism's name, as the `<auth mechanism=…>` attribute wants it
 */
const char *
dc_sasl_get_mechanism (DcSasl *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return dc_sasl_mechanisms[self->mechanism].name;
}

/**
 * dc_sasl_set_client_nonce:
 * @self: a #DcSasl before dc_sasl_start()
 * @nonce: printable ASCII without ','
 *
 * Replaces the random client nonce, so tests can replay the RFC examples.
 */
void
dc_sasl_set_client_nonce (DcSasl *self, const char *nonce)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->state == STATE_NEW);
  g_return_if_fail (nonce != NULL && dc_sasl_scram_nonce_is_valid (nonce));

  g_free (self->client_nonce);
  self->client_nonce = g_strdup (nonce);
}

/* RFC 5802 saslname: ',' and '=' would otherwise end or confuse the attribute. */
static char *
escape_saslname (const char *username)
{
  GString *out = g_string_new (NULL);

  for (const char *p = username; *p != '\0'; p++)
    {
      if (*p == '=')
        g_string_append (out, "=3D");
      else if (*p == ',')
        g_string_append (out, "=2C");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static GBytes *
plain_initial_response (DcSasl *self)
{
  gsize user_len = strlen (self->username);
  gsize password_len = strlen (self->password);
  gsize len = 1 + user_len + 1 + password_len;
  char *data = g_malloc (len);

  /* authzid empty: the server derives it from the username (RFC 4616 §2). */
  data[0] = '\0';
  memcpy (data + 1, self->username, user_len);
  data[1 + user_len] = '\0';
  memcpy (data + 2 + user_len, self->password, password_len);
  return g_bytes_new_take (data, len);
}

/**
 * dc_sasl_start:
 * @self: a new #DcSasl
 *
 * The initial response: SCRAM's client-first-message, PLAIN's "\0user\0password", or nothing for
 * ANONYMOUS. The caller base64-encodes it ("=" when empty, RFC 6120 §6.4.2).
 *
 * Returns: (transfer full): the initial response as raw bytes, possibly empty
 */
GBytes *
dc_sasl_start (DcSasl *self)
{
  g_autofree char *user = NULL;
  char *first;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->state == STATE_NEW, NULL);

  self->state = STATE_STARTED;
  if (self->mechanism == MECH_PLAIN)
    return plain_initial_response (self);
  if (self->mechanism == MECH_ANONYMOUS)
    return g_bytes_new (NULL, 0);

  user = escape_saslname (self->username);
  self->client_first_bare = g_strdup_printf ("n=%s,r=%s", user, self->client_nonce);
  first = g_strconcat ("n,,", self->client_first_bare, NULL);
  return g_bytes_new_take (first, strlen (first));
}

/* Challenges and additional data are text in SCRAM: a NUL byte would cut them short unseen. */
static char *
bytes_to_text (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  if (len > 0 && memchr (data, '\0', len) != NULL)
    return NULL;
  return g_strndup (len > 0 ? data : "", len);
}

static const char *
step_out_of_order (DcSasl *self, const char *text)
{
  if (self->state == STATE_NEW)
    return _ ("a challenge arrived before Device Care began to sign in");
  if (!is_scram (self) || (self->state != STATE_STARTED && self->state != STATE_FINAL_SENT))
    return _ ("the server sent a challenge where none belongs");
  if (text == NULL)
    return _ ("its challenge contains a NUL byte");
  if (self->state == STATE_FINAL_SENT && !g_str_has_prefix (text, "v=")
      && !g_str_has_prefix (text, "e="))
    return _ ("the server sent a second challenge that is not its final message");
  return NULL;
}

/**
 * dc_sasl_step:
 * @self: a started #DcSasl
 * @challenge: (nullable): the server's challenge, base64-decoded
 * @error: return location for a #GError
 *
 * Answers SCRAM's server-first-message with the client-final-message. A server that sends its
 * signature in a second challenge instead of in `<success/>` (RFC 6120 §6.3.10) gets it verified
 * here and an empty response back.
 *
 * Returns: (transfer full): the response as raw bytes, or %NULL with %DC_SASL_ERROR_PROTOCOL (or
 * %DC_SASL_ERROR_SERVER_PROOF for a wrong signature); the exchange is then over
 */
GBytes *
dc_sasl_step (DcSasl *self, GBytes *challenge, GError **error)
{
  g_autofree char *text = NULL;
  const char *wrong;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  text = bytes_to_text (challenge);
  wrong = step_out_of_order (self, text);
  if (wrong != NULL)
    {
      fail (self, error, wrong);
      return NULL;
    }

  if (self->state == STATE_STARTED)
    {
      GBytes *final = dc_sasl_scram_client_final (self, text, error);
      self->state = final != NULL ? STATE_FINAL_SENT : STATE_FAILED;
      return final;
    }
  if (!dc_sasl_scram_verify_server_final (self, text, error))
    {
      self->state = STATE_FAILED;
      return NULL;
    }
  self->state = STATE_VERIFIED;
  return g_bytes_new (NULL, 0);
}

/**
 * dc_sasl_finish:
 * @self: a #DcSasl whose exchange the server declared successful
 * @additional_data: (nullable): the base64-decoded content of `<success/>`
 * @error: return location for a #GError
 *
 * For SCRAM, checks the server signature (v=) in constant time: only a server that knows the
 * password can make it. PLAIN and ANONYMOUS expect no data.
 *
 * Returns: %TRUE if the sign-in can be trusted; else %FALSE with %DC_SASL_ERROR_SERVER_PROOF (a
 * wrong or missing signature) or %DC_SASL_ERROR_PROTOCOL (out of order, or the server's "e=")
 */
gboolean
dc_sasl_finish (DcSasl *self, GBytes *additional_data, GError **error)
{
  gsize len = additional_data != NULL ? g_bytes_get_size (additional_data) : 0;
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state == STATE_DONE || self->state == STATE_FAILED)
    return fail (self, error, _ ("the sign-in exchange was already over"));
  /* A SCRAM server that declares success before seeing our proof skips its own. */
  if (self->state == STATE_NEW || (is_scram (self) && self->state == STATE_STARTED))
    return fail (self, error, _ ("the server declared success before the exchange was complete"));

  if (!is_scram (self))
    {
      if (len > 0)
        g_debug ("Ignoring %" G_GSIZE_FORMAT " bytes of data after %s success", len,
                 dc_sasl_get_mechanism (self));
      self->state = STATE_DONE;
      return TRUE;
    }
  if (self->state == STATE_VERIFIED && len == 0)
    {
      self->state = STATE_DONE;
      return TRUE;
    }

  text = bytes_to_text (additional_data);
  if (text == NULL)
    return fail (self, error, _ ("its final message contains a NUL byte"));
  if (!dc_sasl_scram_verify_server_final (self, text, error))
    {
      self->state = STATE_FAILED;
      return FALSE;
    }
  self->state = STATE_DONE;
  return TRUE;
}

/**
 * dc_sasl_cache_new:
 *
 * Returns: (transfer full): an empty cache of SCRAM's salted password
 */
DcSaslCache *
dc_sasl_cache_new (void)
{
  return g_new0 (DcSaslCache, 1);
}

/**
 * dc_sasl_cache_reset:
 * @cache: a #DcSaslCache
 *
 * Forgets (and wipes) what it kept: for another account or password.
 */
void
dc_sasl_cache_reset (DcSaslCache *cache)
{
  dc_sasl_wipe (cache->salted, sizeof cache->salted);
  g_clear_pointer (&cache->salt, g_bytes_unref);
  cache->valid = FALSE;
}

void
dc_sasl_cache_free (DcSaslCache *cache)
{
  if (cache == NULL)
    return;
  dc_sasl_cache_reset (cache);
  g_free (cache);
}

/**
 * dc_sasl_set_cache:
 * @self: a #DcSasl
 * @cache: (nullable): a cache that outlives the exchange
 *
 * Uses and fills @cache for SCRAM.
 */
void
dc_sasl_set_cache (DcSasl *self, DcSaslCache *cache)
{
  self->cache = cache;
}
