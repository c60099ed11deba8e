/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

/* getrandom() is hidden by c_std=c11 otherwise. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "dc-sasl-private.h"

/* SCRAM (RFC 5802, RFC 7677) for DcSasl: the client nonce, reading the server's messages, the
 * salted password and the keys derived from it, the client proof and the server signature. */

#define NONCE_RANDOM_BYTES 18 /* a multiple of 3: base64 without '=' padding */
#define MAX_ITERATIONS 1000000

/* g_random is a Mersenne Twister, predictable from its output: a nonce needs the kernel's. Up to
 * 256 bytes getrandom() returns all or fails; /dev/urandom serves kernels older than 3.17. */
static gboolean
fill_random (guint8 *buf, gsize len, GError **error)
{
  FILE *urandom;
  ssize_t n;
  int saved_errno;

  do
    n = getrandom (buf, len, 0);
  while (n < 0 && errno == EINTR);
  if (n == (ssize_t)len)
    return TRUE;

  urandom = fopen ("/dev/urandom", "rbe");
  n = urandom != NULL ? (ssize_t)fread (buf, 1, len, urandom) : -1;
  saved_errno = errno != 0 ? errno : EIO;
  if (urandom != NULL)
    fclose (urandom);
  if (n == (ssize_t)len)
    return TRUE;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _ ("Device Care could not get random numbers from the system to sign in safely: "
                  "%s"),
               g_strerror (saved_errno));
  return FALSE;
}

char *
dc_sasl_scram_new_client_nonce (GError **error)
{
  guint8 random[NONCE_RANDOM_BYTES];

  if (!fill_random (random, sizeof random, error))
    return NULL;
  /* base64 has no ',' in its alphabet, and no '=' padding for a multiple of 3 bytes. */
  return g_base64_encode (random, sizeof random);
}

/* A SCRAM nonce is printable ASCII without ',' (RFC 5802 §7). */
gboolean
dc_sasl_scram_nonce_is_valid (const char *nonce)
{
  if (nonce[0] == '\0')
    return FALSE;
  for (const char *p = nonce; *p != '\0'; p++)
    if (*p < 0x21 || *p > 0x7e || *p == ',')
      return FALSE;
  return TRUE;
}

/* RFC 5802 §7: base64 with '=' only as padding at the end. g_base64_decode() silently skips what
 * it does not know, so it cannot be the judge. */
static gboolean
base64_is_valid (const char *text)
{
  gsize len = strlen (text);
  gsize padding = 0;

  if (len == 0 || len % 4 != 0)
    return FALSE;
  if (text[len - 1] == '=')
    padding = text[len - 2] == '=' ? 2 : 1;
  for (gsize i = 0; i < len - padding; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/')
      return FALSE;
  return TRUE;
}

/* The value of @part if it is the attribute "@name=value", else %NULL. */
static const char *
attribute (char **parts, guint n_parts, guint index, char name)
{
  const char *part = index < n_parts ? parts[index] : NULL;

  if (part == NULL || part[0] != name || part[1] != '=')
    return NULL;
  return part + 2;
}

static gboolean
parse_iterations (const char *text, guint *iterations, GError **error)
{
  g_autofree char *quoted = dc_sasl_shown (text);
  g_autofree char *reason = NULL;
  guint64 value = 0;

  if (text[0] == '\0' || text[strspn (text, "0123456789")] != '\0')
    reason = g_strdup_printf (_ ("its iteration count (i=%s) is not a number"), quoted);
  else if ((value = g_ascii_strtoull (text, NULL, 10)) < 1)
    reason = g_strdup (_ ("its iteration count (i=) must be at least 1"));
  else if (value > MAX_ITERATIONS) /* billions of rounds would stall the phone for minutes */
    reason = g_strdup_printf (_ ("it asks for %s iterations, more than the %d Device Care allows"),
                              quoted, MAX_ITERATIONS);
  if (reason != NULL)
    return dc_sasl_set_protocol_error (error, reason);

  *iterations = (guint)value;
  return TRUE;
}

typedef struct
{
  const char *nonce; /* points into the parts */
  const char *salt;
  guint iterations;
} ServerFirst;

/* server-first-message (RFC 5802 §7): r=nonce,s=salt,i=count[,extensions], in that order. */
static gboolean
parse_server_first (DcSasl *self, char **parts, ServerFirst *out, GError **error)
{
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    if (attribute (parts, n, i, 'm') != NULL)
      return dc_sasl_set_protocol_error (error,
                                         _ ("it demands an extension (m=) Device Care does not "
                                            "know"));

  out->nonce = attribute (parts, n, 0, 'r');
  if (out->nonce == NULL)
    return dc_sasl_set_protocol_error (error, _ ("its challenge has no nonce (r=)"));
  /* Our nonce, extended by the server's: anything else is a replay or another exchange. */
  if (!g_str_has_prefix (out->nonce, self->client_nonce)
      || strlen (out->nonce) <= strlen (self->client_nonce)
      || !dc_sasl_scram_nonce_is_valid (out->nonce))
    return dc_sasl_set_protocol_error (error,
                                       _ ("its nonce (r=) does not continue the one Device Care "
                                          "sent"));

  out->salt = attribute (parts, n, 1, 's');
  if (out->salt == NULL)
    return dc_sasl_set_protocol_error (error, _ ("its challenge has no salt (s=)"));
  if (!base64_is_valid (out->salt))
    return dc_sasl_set_protocol_error (error, _ ("its salt (s=) is not valid base64"));

  if (attribute (parts, n, 2, 'i') == NULL)
    return dc_sasl_set_protocol_error (error, _ ("its challenge has no iteration count (i=)"));
  return parse_iterations (attribute (parts, n, 2, 'i'), &out->iterations, error);
}

static void
hmac (GChecksumType hash, const guint8 *key, gsize key_len, const void *data, gsize data_len,
      guint8 *out)
{
  g_autoptr (GHmac) mac = g_hmac_new (hash, key, key_len);
  gsize len = MAX_DIGEST;

  g_hmac_update (mac, data, (gssize)data_len);
  g_hmac_get_digest (mac, out, &len);
}

static void
digest (GChecksumType hash, const guint8 *data, gsize data_len, guint8 *out)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (hash);
  gsize len = MAX_DIGEST;

  g_checksum_update (checksum, data, (gssize)data_len);
  g_checksum_get_digest (checksum, out, &len);
}

/* Hi() of RFC 5802 §2.2: PBKDF2-HMAC with one output block as long as the hash. The keyed HMAC is
 * copied each round, so the password is hashed into its pads once, not @iterations times. */
static void
scram_hi (const MechanismInfo *info, const char *password, const guint8 *salt, gsize salt_len,
          guint iterations, guint8 *out)
{
  static const guint8 first_block[4] = { 0, 0, 0, 1 };
  g_autoptr (GHmac) keyed = g_hmac_new (info->hash, (const guchar *)password, strlen (password));
  guint8 u[MAX_DIGEST];

  for (guint round = 0; round < iterations; round++)
    {
      g_autoptr (GHmac) mac = g_hmac_copy (keyed);
      gsize len = sizeof u;

      if (round == 0)
        {
          g_hmac_update (mac, salt, (gssize)salt_len);
          g_hmac_update (mac, first_block, sizeof first_block);
        }
      else
        g_hmac_update (mac, u, (gssize)info->digest_len);
      g_hmac_get_digest (mac, u, &len);

      for (gsize i = 0; i < info->digest_len; i++)
        out[i] = round == 0 ? u[i] : out[i] ^ u[i];
    }
  dc_sasl_wipe (u, sizeof u);
}

/* The salted password: from the cache when the server asks with the same salt and count as
 * last time, else computed (and kept, when there is a cache). */
static void
salted_password (DcSasl *self, const guint8 *salt, gsize salt_len, guint iterations, guint8 *out)
{
  const MechanismInfo *info = &dc_sasl_mechanisms[self->mechanism];
  DcSaslCache *cache = self->cache;

  if (cache != NULL && cache->valid && cache->mechanism == self->mechanism
      && cache->iterations == iterations && g_bytes_get_size (cache->salt) == salt_len
      && memcmp (g_bytes_get_data (cache->salt, NULL), salt, salt_len) == 0)
    {
      memcpy (out, cache->salted, info->digest_len);
      return;
    }
  scram_hi (info, self->password, salt, salt_len, iterations, out);
  if (cache == NULL)
    return;
  dc_sasl_cache_reset (cache);
  cache->valid = TRUE;
  cache->mechanism = self->mechanism;
  cache->salt = g_bytes_new (salt, salt_len);
  cache->iterations = iterations;
  memcpy (cache->salted, out, info->digest_len);
}

/* Fills @proof and keeps the server signature to expect (RFC 5802 §3). */
static void
scram_compute (DcSasl *self, const guint8 *salt, gsize salt_len, guint iterations,
               const char *auth_message, guint8 *proof)
{
  const MechanismInfo *info = &dc_sasl_mechanisms[self->mechanism];
  gsize len = info->digest_len, auth_len = strlen (auth_message);
  guint8 salted[MAX_DIGEST], client_key[MAX_DIGEST], stored_key[MAX_DIGEST];
  guint8 client_signature[MAX_DIGEST], server_key[MAX_DIGEST];

  salted_password (self, salt, salt_len, iterations, salted);
  hmac (info->hash, salted, len, "Client Key", strlen ("Client Key"), client_key);
  digest (info->hash, client_key, len, stored_key);
  hmac (info->hash, stored_key, len, auth_message, auth_len, client_signature);
  for (gsize i = 0; i < len; i++)
    proof[i] = client_key[i] ^ client_signature[i];

  hmac (info->hash, salted, len, "Server Key", strlen ("Server Key"), server_key);
  hmac (info->hash, server_key, len, auth_message, auth_len, self->server_signature);

  dc_sasl_wipe (salted, sizeof salted);
  dc_sasl_wipe (client_key, sizeof client_key);
  dc_sasl_wipe (stored_key, sizeof stored_key);
  dc_sasl_wipe (client_signature, sizeof client_signature);
  dc_sasl_wipe (server_key, sizeof server_key);
}

GBytes *
dc_sasl_scram_client_final (DcSasl *self, const char *server_first, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (server_first, ",", -1);
  g_autofree guint8 *salt = NULL;
  g_autofree char *without_proof = NULL, *auth_message = NULL, *proof64 = NULL;
  guint8 proof[MAX_DIGEST];
  ServerFirst first = { 0 };
  gsize salt_len;
  char *final;

  if (!parse_server_first (self, parts, &first, error))
    return NULL;
  salt = g_base64_decode (first.salt, &salt_len);

  /* "biws" is base64 of the gs2 header "n,,": no channel binding. */
  without_proof = g_strdup_printf ("c=biws,r=%s", first.nonce);
  auth_message = g_strjoin (",", self->client_first_bare, server_first, without_proof, NULL);
  scram_compute (self, salt, salt_len, first.iterations, auth_message, proof);

  proof64 = g_base64_encode (proof, dc_sasl_mechanisms[self->mechanism].digest_len);
  dc_sasl_wipe (proof, sizeof proof);
  final = g_strdup_printf ("%s,p=%s", without_proof, proof64);
  return g_bytes_new_take (final, strlen (final));
}

static gboolean
equal_in_constant_time (const guint8 *a, const guint8 *b, gsize len)
{
  guint8 difference = 0;

  /* No early exit: the time taken must not tell how many leading bytes were right. */
  for (gsize i = 0; i < len; i++)
    difference |= a[i] ^ b[i];
  return difference == 0;
}

static gboolean
set_server_proof_error (GError **error, const char *reason)
{
  g_set_error (error, DC_SASL_ERROR, DC_SASL_ERROR_SERVER_PROOF,
               _ ("The support server could not prove it knows your account: %s. Someone may be "
                  "impersonating it, so Device Care did not continue."),
               reason);
  return FALSE;
}

/* server-final-message (RFC 5802 §7): e=reason or v=signature, then perhaps extensions. */
gboolean
dc_sasl_scram_verify_server_final (DcSasl *self, const char *server_final, GError **error)
{
  gsize expected_len = dc_sasl_mechanisms[self->mechanism].digest_len;
  g_autofree char *value = NULL;
  g_autofree guint8 *signature = NULL;
  gsize signature_len = 0;

  if (!g_str_has_prefix (server_final, "v=") && !g_str_has_prefix (server_final, "e="))
    return set_server_proof_error (error, _ ("it sent no signature"));
  value = g_strndup (server_final + 2, strcspn (server_final + 2, ","));
  if (server_final[0] == 'e')
    {
      g_autofree char *quoted = dc_sasl_shown (value);
      g_autofree char *reason = g_strdup_printf (_ ("the server reported “%s”"), quoted);
      return dc_sasl_set_protocol_error (error, reason);
    }
  if (!base64_is_valid (value))
    return set_server_proof_error (error, _ ("its signature is not valid base64"));

  signature = g_base64_decode (value, &signature_len);
  if (signature_len != expected_len
      || !equal_in_constant_time (signature, self->server_signature, expected_len))
    return set_server_proof_error (error, _ ("its signature is wrong"));
  return TRUE;
}
