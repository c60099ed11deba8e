/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-support"

/* getrandom() and explicit_bzero() are hidden by c_std=c11 otherwise. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "dc-sasl.h"

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

typedef enum
{
  MECH_SCRAM_SHA_256,
  MECH_SCRAM_SHA_1,
  MECH_PLAIN,
  MECH_ANONYMOUS,
} Mechanism;

typedef enum
{
  STATE_NEW,
  STATE_STARTED,    /* initial response sent */
  STATE_FINAL_SENT, /* SCRAM client-final-message sent */
  STATE_VERIFIED,   /* the server signature came in a challenge (RFC 6120 §6.3.10) */
  STATE_DONE,
  STATE_FAILED,
} State;

typedef struct
{
  const char *name;
  GChecksumType hash;
  gsize digest_len;
} MechanismInfo;

/* In order of preference. */
static const MechanismInfo mechanisms[] = {
  [MECH_SCRAM_SHA_256] = { "SCRAM-SHA-256", G_CHECKSUM_SHA256, 32 },
  [MECH_SCRAM_SHA_1] = { "SCRAM-SHA-1", G_CHECKSUM_SHA1, 20 },
  [MECH_PLAIN] = { "PLAIN", 0, 0 },
  [MECH_ANONYMOUS] = { "ANONYMOUS", 0, 0 },
};

#define MAX_DIGEST 32
#define NONCE_RANDOM_BYTES 18 /* a multiple of 3: base64 without '=' padding */
#define MAX_ITERATIONS 1000000
#define MAX_SHOWN 64 /* characters of server text quoted in a message */

struct _DcSasl
{
  Mechanism mechanism;
  State state;
  char *username; /* NULL for a guest */
  char *password; /* wiped on free */
  char *client_nonce;
  char *client_first_bare;
  guint8 server_signature[MAX_DIGEST]; /* what the server must send back */
};

/* clang-format off */
G_DEFINE_QUARK (dc-sasl-error-quark, dc_sasl_error)
/* clang-format on */

static void
wipe (void *data, gsize len)
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
    wipe (str, strlen (str));
  g_free (str);
}

static gboolean
is_scram (DcSasl *self)
{
  return self->mechanism == MECH_SCRAM_SHA_256 || self->mechanism == MECH_SCRAM_SHA_1;
}

/* Server text quoted in a message a person reads: printable ASCII only, and not too much of it. */
static char *
shown (const char *text)
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

static gboolean
set_protocol_error (GError **error, const char *reason)
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
  return set_protocol_error (error, reason);
}

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

static char *
new_client_nonce (GError **error)
{
  guint8 random[NONCE_RANDOM_BYTES];

  if (!fill_random (random, sizeof random, error))
    return NULL;
  /* base64 has no ',' in its alphabet, and no '=' padding for a multiple of 3 bytes. */
  return g_base64_encode (random, sizeof random);
}

/* A SCRAM nonce is printable ASCII without ',' (RFC 5802 §7). */
static gboolean
nonce_is_valid (const char *nonce)
{
  if (nonce[0] == '\0')
    return FALSE;
  for (const char *p = nonce; *p != '\0'; p++)
    if (*p < 0x21 || *p > 0x7e || *p == ',')
      return FALSE;
  return TRUE;
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
      if (offers (offered, mechanisms[m].name))
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
      g_autofree char *name = shown (offered[i]);
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
      self->client_nonce = new_client_nonce (error);
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
  wipe (self->server_signature, sizeof self->server_signature);
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

  return mechanisms[self->mechanism].name;
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
  g_return_if_fail (nonce != NULL && nonce_is_valid (nonce));

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
  g_autofree char *quoted = shown (text);
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
    return set_protocol_error (error, reason);

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
      return set_protocol_error (error, _ ("it demands an extension (m=) Device Care does not "
                                           "know"));

  out->nonce = attribute (parts, n, 0, 'r');
  if (out->nonce == NULL)
    return set_protocol_error (error, _ ("its challenge has no nonce (r=)"));
  /* Our nonce, extended by the server's: anything else is a replay or another exchange. */
  if (!g_str_has_prefix (out->nonce, self->client_nonce)
      || strlen (out->nonce) <= strlen (self->client_nonce) || !nonce_is_valid (out->nonce))
    return set_protocol_error (error, _ ("its nonce (r=) does not continue the one Device Care "
                                         "sent"));

  out->salt = attribute (parts, n, 1, 's');
  if (out->salt == NULL)
    return set_protocol_error (error, _ ("its challenge has no salt (s=)"));
  if (!base64_is_valid (out->salt))
    return set_protocol_error (error, _ ("its salt (s=) is not valid base64"));

  if (attribute (parts, n, 2, 'i') == NULL)
    return set_protocol_error (error, _ ("its challenge has no iteration count (i=)"));
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
  wipe (u, sizeof u);
}

/* Fills @proof and keeps the server signature to expect (RFC 5802 §3). */
static void
scram_compute (DcSasl *self, const guint8 *salt, gsize salt_len, guint iterations,
               const char *auth_message, guint8 *proof)
{
  const MechanismInfo *info = &mechanisms[self->mechanism];
  gsize len = info->digest_len, auth_len = strlen (auth_message);
  guint8 salted[MAX_DIGEST], client_key[MAX_DIGEST], stored_key[MAX_DIGEST];
  guint8 client_signature[MAX_DIGEST], server_key[MAX_DIGEST];

  scram_hi (info, self->password, salt, salt_len, iterations, salted);
  hmac (info->hash, salted, len, "Client Key", strlen ("Client Key"), client_key);
  digest (info->hash, client_key, len, stored_key);
  hmac (info->hash, stored_key, len, auth_message, auth_len, client_signature);
  for (gsize i = 0; i < len; i++)
    proof[i] = client_key[i] ^ client_signature[i];

  hmac (info->hash, salted, len, "Server Key", strlen ("Server Key"), server_key);
  hmac (info->hash, server_key, len, auth_message, auth_len, self->server_signature);

  wipe (salted, sizeof salted);
  wipe (client_key, sizeof client_key);
  wipe (stored_key, sizeof stored_key);
  wipe (client_signature, sizeof client_signature);
  wipe (server_key, sizeof server_key);
}

static GBytes *
scram_client_final (DcSasl *self, const char *server_first, GError **error)
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

  proof64 = g_base64_encode (proof, mechanisms[self->mechanism].digest_len);
  wipe (proof, sizeof proof);
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
static gboolean
scram_verify_server_final (DcSasl *self, const char *server_final, GError **error)
{
  gsize expected_len = mechanisms[self->mechanism].digest_len;
  g_autofree char *value = NULL;
  g_autofree guint8 *signature = NULL;
  gsize signature_len = 0;

  if (!g_str_has_prefix (server_final, "v=") && !g_str_has_prefix (server_final, "e="))
    return set_server_proof_error (error, _ ("it sent no signature"));
  value = g_strndup (server_final + 2, strcspn (server_final + 2, ","));
  if (server_final[0] == 'e')
    {
      g_autofree char *quoted = shown (value);
      g_autofree char *reason = g_strdup_printf (_ ("the server reported “%s”"), quoted);
      return set_protocol_error (error, reason);
    }
  if (!base64_is_valid (value))
    return set_server_proof_error (error, _ ("its signature is not valid base64"));

  signature = g_base64_decode (value, &signature_len);
  if (signature_len != expected_len
      || !equal_in_constant_time (signature, self->server_signature, expected_len))
    return set_server_proof_error (error, _ ("its signature is wrong"));
  return TRUE;
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
      GBytes *final = scram_client_final (self, text, error);
      self->state = final != NULL ? STATE_FINAL_SENT : STATE_FAILED;
      return final;
    }
  if (!scram_verify_server_final (self, text, error))
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
  if (!scram_verify_server_final (self, text, error))
    {
      self->state = STATE_FAILED;
      return FALSE;
    }
  self->state = STATE_DONE;
  return TRUE;
}
