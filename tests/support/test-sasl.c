/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <string.h>

#include "dc-sasl.h"

/* Signing in to the support server: the RFC examples byte for byte, a server that cannot prove
 * it knows the password, challenges that must be refused, and which mechanism gets chosen. */

typedef struct
{
  const char *mechanism;
  const char *nonce;
  const char *client_first;
  const char *server_first;
  const char *client_final;
  const char *server_final;
} Exchange;

/* RFC 5802 §5, user "user", password "pencil". */
static const Exchange rfc5802 = {
  "SCRAM-SHA-1",
  "fyko+d2lbbFgONRv9qkxdawL",
  "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
  "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
  "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
  "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
};

/* RFC 7677 §3, the same user and password. */
static const Exchange rfc7677 = {
  "SCRAM-SHA-256",
  "rOprNGfwEbeRWgbNEkqO",
  "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
  "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
  "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
  "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

static GBytes *
text (const char *str)
{
  return g_bytes_new (str, strlen (str));
}

static void
assert_bytes (GBytes *bytes, const char *expected, gsize expected_len)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  g_assert_nonnull (bytes);
  g_assert_cmpmem (data, len, expected, expected_len);
}

static void
assert_text (GBytes *bytes, const char *expected)
{
  assert_bytes (bytes, expected, strlen (expected));
}

static DcSasl *
new_scram (const Exchange *exchange)
{
  const char *offered[] = { exchange->mechanism, NULL };
  g_autoptr (GError) error = NULL;
  DcSasl *sasl = dc_sasl_new (offered, "user", "pencil", FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dc_sasl_get_mechanism (sasl), ==, exchange->mechanism);
  dc_sasl_set_client_nonce (sasl, exchange->nonce);
  return sasl;
}

/* Started and answered with the server-first-message: ready for the server's signature. */
static DcSasl *
new_scram_at_final (const Exchange *exchange)
{
  DcSasl *sasl = new_scram (exchange);
  g_autoptr (GBytes) first = dc_sasl_start (sasl);
  g_autoptr (GBytes) challenge = text (exchange->server_first);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) final = dc_sasl_step (sasl, challenge, &error);

  g_assert_no_error (error);
  assert_text (first, exchange->client_first);
  assert_text (final, exchange->client_final);
  return sasl;
}

static void
test_rfc_example (gconstpointer data)
{
  const Exchange *exchange = data;
  g_autoptr (DcSasl) sasl = new_scram_at_final (exchange);
  g_autoptr (GBytes) success = text (exchange->server_final);
  g_autoptr (GError) error = NULL;

  g_assert_true (dc_sasl_finish (sasl, success, &error));
  g_assert_no_error (error);
}

/* One exchange with @password and @cache; returns the client-final-message. */
static GBytes *
exchange_with_cache (const Exchange *exchange, const char *password, const char *server_first,
                     DcSaslCache *cache)
{
  const char *offered[] = { exchange->mechanism, NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSasl) sasl = dc_sasl_new (offered, "user", password, FALSE, &error);
  g_autoptr (GBytes) first = NULL;
  g_autoptr (GBytes) challenge = text (server_first);
  GBytes *final;

  dc_sasl_set_client_nonce (sasl, exchange->nonce);
  dc_sasl_set_cache (sasl, cache);
  first = dc_sasl_start (sasl);
  final = dc_sasl_step (sasl, challenge, &error);
  g_assert_no_error (error);
  return final;
}

/* The salted password is kept for the next sign-in with the same salt and count. Shown by signing
 * in with a wrong password: with the cache it still gives the proof of the right one (which is
 * why the connection resets its cache when the account or password changes). */
static void
test_cache (gconstpointer data)
{
  const Exchange *exchange = data;
  g_autoptr (DcSaslCache) cache = dc_sasl_cache_new ();
  g_autoptr (GBytes) fresh
    = exchange_with_cache (exchange, "pencil", exchange->server_first, cache);
  g_autoptr (GBytes) cached = NULL;
  g_autoptr (GBytes) other_salt = NULL;
  g_autoptr (GBytes) after_reset = NULL;
  g_autofree char *resalted = NULL;
  g_autofree char *prefix = NULL;

  assert_text (fresh, exchange->client_final);
  cached = exchange_with_cache (exchange, "not-pencil", exchange->server_first, cache);
  assert_text (cached, exchange->client_final);

  /* Another salt: computed again, from the password given. */
  prefix = g_strndup (exchange->server_first,
                      strstr (exchange->server_first, ",s=") - exchange->server_first);
  resalted = g_strconcat (prefix, ",s=QSXCR+Q6sek8bf93,i=4096", NULL);
  other_salt = exchange_with_cache (exchange, "not-pencil", resalted, cache);
  g_assert_false (g_bytes_equal (other_salt, fresh));

  dc_sasl_cache_reset (cache);
  after_reset = exchange_with_cache (exchange, "not-pencil", exchange->server_first, cache);
  g_assert_false (g_bytes_equal (after_reset, fresh));
}

static void
assert_server_proof_refused (const Exchange *exchange, const char *server_final)
{
  g_autoptr (DcSasl) sasl = new_scram_at_final (exchange);
  g_autoptr (GBytes) success = server_final != NULL ? text (server_final) : NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (dc_sasl_finish (sasl, success, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_SERVER_PROOF);
  g_assert_true (
    g_str_has_prefix (error->message, "The support server could not prove it knows your account"));
}

static void
test_server_signature_refused (void)
{
  /* One character changed, the signature of the other hash, none at all, not base64. */
  assert_server_proof_refused (&rfc5802, "v=smF9pqV8S7suAoZWja4dJRkFsKQ=");
  assert_server_proof_refused (&rfc7677, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G0=");
  assert_server_proof_refused (&rfc7677, rfc5802.server_final);
  assert_server_proof_refused (&rfc7677, "v=");
  assert_server_proof_refused (&rfc7677, "");
  assert_server_proof_refused (&rfc7677, NULL);
  assert_server_proof_refused (&rfc7677, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4");
  assert_server_proof_refused (&rfc7677, "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=!");
}

static void
test_server_error (void)
{
  g_autoptr (DcSasl) sasl = new_scram_at_final (&rfc7677);
  g_autoptr (GBytes) success = text ("e=invalid-proof");
  g_autoptr (GError) error = NULL;

  g_assert_false (dc_sasl_finish (sasl, success, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "invalid-proof"));
}

/* RFC 6120 §6.3.10: a server may send its signature as a last challenge, then an empty success. */
static void
test_signature_in_challenge (void)
{
  g_autoptr (DcSasl) sasl = new_scram_at_final (&rfc5802);
  g_autoptr (GBytes) last = text (rfc5802.server_final);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) reply = dc_sasl_step (sasl, last, &error);

  g_assert_no_error (error);
  assert_bytes (reply, "", 0);
  g_assert_true (dc_sasl_finish (sasl, NULL, &error));
  g_assert_no_error (error);
}

static void
test_tampered_signature_in_challenge (void)
{
  g_autoptr (DcSasl) sasl = new_scram_at_final (&rfc5802);
  g_autoptr (GBytes) last = text ("v=smF9pqV8S7suAoZWja4dJRkFsKQ=");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) reply = dc_sasl_step (sasl, last, &error);

  g_assert_null (reply);
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_SERVER_PROOF);
  g_clear_error (&error);
  /* The empty success that would follow must not slip through either. */
  g_assert_false (dc_sasl_finish (sasl, NULL, &error));
  g_assert_nonnull (error);
}

typedef struct
{
  const char *server_first;
  const char *reason; /* part of the message a person reads */
} BadChallenge;

static const BadChallenge bad_challenges[] = {
  { "r=someone-elses-nonce3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096", "nonce" },
  { "r=fyko+d2lbbFgONRv9qkxdawL,s=QSXCR+Q6sek8bf92,i=4096", "nonce" }, /* not extended */
  { "r=fyko+d2lbbFgONRv9qkxd,s=QSXCR+Q6sek8bf92,i=4096", "nonce" },    /* shorter */
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfc\x01,s=QSXCR+Q6sek8bf92,i=4096", "nonce" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf9!,i=4096", "salt" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf9,i=4096", "salt" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QS=CR+Q6sek8bf92,i=4096", "salt" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=,i=4096", "salt" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,i=4096", "salt" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=0", "at least 1" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=99999999", "99999999" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=1000001", "1000001" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=184467440737095516160",
    "iterations" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=-1", "not a number" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=+4096", "not a number" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=", "not a number" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92", "iteration count" },
  { "m=channel-binding-v2,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
    "m=" },
  { "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096,m=x", "m=" },
  { "s=QSXCR+Q6sek8bf92,i=4096", "r=" },
  { "s=QSXCR+Q6sek8bf92,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,i=4096", "r=" },
  { "", "r=" },
};

static void
test_bad_challenge (gconstpointer data)
{
  const BadChallenge *bad = data;
  g_autoptr (DcSasl) sasl = new_scram (&rfc5802);
  g_autoptr (GBytes) first = dc_sasl_start (sasl);
  g_autoptr (GBytes) challenge = text (bad->server_first);
  g_autoptr (GBytes) retry = text (rfc5802.server_first);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) final = dc_sasl_step (sasl, challenge, &error);

  assert_text (first, rfc5802.client_first);
  g_assert_null (final);
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, bad->reason));
  g_clear_error (&error);

  /* The exchange is over: a good challenge afterwards does not revive it. */
  g_assert_null (dc_sasl_step (sasl, retry, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
}

static void
test_nul_in_challenge (void)
{
  static const char with_nul[] = "r=fyko+d2lbbFgONRv9qkxdawL3rfc\0,s=QSXCR+Q6sek8bf92,i=4096";
  g_autoptr (DcSasl) sasl = new_scram (&rfc5802);
  g_autoptr (GBytes) first = dc_sasl_start (sasl);
  g_autoptr (GBytes) challenge = g_bytes_new (with_nul, sizeof with_nul - 1);
  g_autoptr (GError) error = NULL;

  assert_text (first, rfc5802.client_first);
  g_assert_null (dc_sasl_step (sasl, challenge, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
}

/* The bounds of the iteration count are accepted, and extensions after i= are ignored. */
static void
test_iteration_bounds (void)
{
  const char *accepted[] = {
    "r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=1",
    "r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=1000000",
    "r=fyko+d2lbbFgONRv9qkxdawL3rfc,s=QSXCR+Q6sek8bf92,i=2,x=future",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr (DcSasl) sasl = new_scram (&rfc5802);
      g_autoptr (GBytes) first = dc_sasl_start (sasl);
      g_autoptr (GBytes) challenge = text (accepted[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) final = dc_sasl_step (sasl, challenge, &error);
      gsize len = 0;
      const char *data = g_bytes_get_data (final, &len);

      g_assert_no_error (error);
      assert_text (first, rfc5802.client_first);
      g_assert_true (len > 40
                     && strncmp (data, "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfc,p=", 40) == 0);
    }
}

static DcSasl *
choose (const char *const *offered, const char *username, gboolean secure, GError **error)
{
  return dc_sasl_new (offered, username, username != NULL ? "pencil" : NULL, secure, error);
}

static void
assert_choice (const char *const *offered, const char *username, gboolean secure,
               const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSasl) sasl = choose (offered, username, secure, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (dc_sasl_get_mechanism (sasl), ==, expected);
}

static void
assert_no_mechanism (const char *const *offered, const char *username, gboolean secure)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSasl) sasl = choose (offered, username, secure, &error);

  g_assert_null (sasl);
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_NO_MECHANISM);
}

static void
test_choice_by_preference (void)
{
  const char *plain_sha1[] = { "PLAIN", "SCRAM-SHA-1", NULL };
  const char *sha1_plain[] = { "SCRAM-SHA-1", "PLAIN", NULL };
  const char *sha1_sha256[] = { "SCRAM-SHA-1", "SCRAM-SHA-256", NULL };
  const char *sha256_sha1[] = { "SCRAM-SHA-256", "SCRAM-SHA-1", NULL };
  const char *with_plus[] = { "SCRAM-SHA-256-PLUS", "SCRAM-SHA-1", "PLAIN", NULL };
  const char *everything[] = { "ANONYMOUS", "PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256", NULL };

  assert_choice (plain_sha1, "user", TRUE, "SCRAM-SHA-1");
  assert_choice (sha1_plain, "user", TRUE, "SCRAM-SHA-1");
  assert_choice (sha1_sha256, "user", FALSE, "SCRAM-SHA-256");
  assert_choice (sha256_sha1, "user", FALSE, "SCRAM-SHA-256");
  /* No channel binding here, so -PLUS is as good as absent. */
  assert_choice (with_plus, "user", FALSE, "SCRAM-SHA-1");
  /* Someone with an account never signs in anonymously. */
  assert_choice (everything, "user", TRUE, "SCRAM-SHA-256");
}

static void
test_plain (void)
{
  const char *offered[] = { "PLAIN", NULL };
  g_autoptr (DcSasl) sasl = NULL;
  g_autoptr (GBytes) initial = NULL;
  g_autoptr (GError) error = NULL;

  /* The password in clear: only where nobody can read it on the way. */
  assert_no_mechanism (offered, "user", FALSE);

  sasl = choose (offered, "user", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dc_sasl_get_mechanism (sasl), ==, "PLAIN");
  initial = dc_sasl_start (sasl);
  assert_bytes (initial, "\0user\0pencil", 12);
  g_assert_true (dc_sasl_finish (sasl, NULL, &error));
  g_assert_no_error (error);
}

static void
test_no_mechanism_message (void)
{
  const char *offered[] = { "PLAIN", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSasl) sasl = choose (offered, "user", FALSE, &error);

  g_assert_null (sasl);
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_NO_MECHANISM);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The support server offers no sign-in method Device Care can "
                                   "use safely (it offered: PLAIN)."));
  g_clear_error (&error);

  g_assert_null (choose (NULL, "user", TRUE, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_NO_MECHANISM);
  g_assert_nonnull (strstr (error->message, "(it offered: nothing)"));
}

static void
test_guest (void)
{
  const char *anonymous_plain[] = { "ANONYMOUS", "PLAIN", NULL };
  const char *no_anonymous[] = { "SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN", NULL };
  const char *only_anonymous[] = { "ANONYMOUS", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSasl) sasl = choose (anonymous_plain, NULL, FALSE, &error);
  g_autoptr (GBytes) initial = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (dc_sasl_get_mechanism (sasl), ==, "ANONYMOUS");
  initial = dc_sasl_start (sasl);
  assert_bytes (initial, "", 0);
  g_assert_true (dc_sasl_finish (sasl, NULL, &error));
  g_assert_no_error (error);

  assert_no_mechanism (no_anonymous, NULL, TRUE);
  assert_no_mechanism (only_anonymous, "user", TRUE);
}

static void
test_username_escaped (void)
{
  const char *offered[] = { "SCRAM-SHA-256", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSasl) sasl = dc_sasl_new (offered, "a=b,c", "pencil", FALSE, &error);
  g_autoptr (GBytes) first = NULL;

  g_assert_no_error (error);
  dc_sasl_set_client_nonce (sasl, "abc");
  first = dc_sasl_start (sasl);
  assert_text (first, "n,,n=a=3Db=2Cc,r=abc");
}

static char *
random_nonce (void)
{
  const char *offered[] = { "SCRAM-SHA-256", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (DcSasl) sasl = dc_sasl_new (offered, "user", "pencil", FALSE, &error);
  g_autoptr (GBytes) first = dc_sasl_start (sasl);
  g_autofree char *message = g_strndup (g_bytes_get_data (first, NULL), g_bytes_get_size (first));

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (message, "n,,n=user,r="));
  return g_strdup (message + strlen ("n,,n=user,r="));
}

static void
test_random_nonce (void)
{
  g_autofree char *one = random_nonce ();
  g_autofree char *two = random_nonce ();

  /* 18 random bytes in base64: 24 characters, none of them ',' or '='. */
  g_assert_cmpuint (strlen (one), ==, 24);
  g_assert_cmpuint (
    strspn (one, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"), ==, 24);
  g_assert_cmpstr (one, !=, two);
}

static void
test_out_of_order (void)
{
  const char *plain[] = { "PLAIN", NULL };
  g_autoptr (DcSasl) early = new_scram (&rfc5802);
  g_autoptr (DcSasl) twice = new_scram_at_final (&rfc5802);
  g_autoptr (DcSasl) skipped = new_scram (&rfc5802);
  g_autoptr (DcSasl) plain_sasl = choose (plain, "user", TRUE, NULL);
  g_autoptr (GBytes) challenge = text (rfc5802.server_first);
  g_autoptr (GBytes) success = text (rfc5802.server_final);
  g_autoptr (GBytes) first = dc_sasl_start (skipped);
  g_autoptr (GBytes) plain_first = dc_sasl_start (plain_sasl);
  g_autoptr (GError) error = NULL;

  assert_text (first, rfc5802.client_first);
  assert_bytes (plain_first, "\0user\0pencil", 12);
  g_assert_null (dc_sasl_step (early, challenge, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_null (dc_sasl_step (twice, challenge, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Success before our proof: the server would skip proving itself. */
  g_assert_false (dc_sasl_finish (skipped, success, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
  g_clear_error (&error);

  g_assert_null (dc_sasl_step (plain_sasl, challenge, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
}

static void
test_finish_twice (void)
{
  g_autoptr (DcSasl) sasl = new_scram_at_final (&rfc7677);
  g_autoptr (GBytes) success = text (rfc7677.server_final);
  g_autoptr (GError) error = NULL;

  g_assert_true (dc_sasl_finish (sasl, success, &error));
  g_assert_false (dc_sasl_finish (sasl, success, &error));
  g_assert_error (error, DC_SASL_ERROR, DC_SASL_ERROR_PROTOCOL);
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/sasl/scram-sha-1/rfc5802", &rfc5802, test_rfc_example);
  g_test_add_data_func ("/sasl/scram-sha-256/rfc7677", &rfc7677, test_rfc_example);
  g_test_add_func ("/sasl/scram/signature-refused", test_server_signature_refused);
  g_test_add_data_func ("/sasl/scram/cache/sha-1", &rfc5802, test_cache);
  g_test_add_data_func ("/sasl/scram/cache/sha-256", &rfc7677, test_cache);
  g_test_add_func ("/sasl/scram/server-error", test_server_error);
  g_test_add_func ("/sasl/scram/signature-in-challenge", test_signature_in_challenge);
  g_test_add_func ("/sasl/scram/tampered-signature-in-challenge",
                   test_tampered_signature_in_challenge);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_challenges); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sasl/scram/bad-challenge/%" G_GSIZE_FORMAT, i);
      g_test_add_data_func (path, &bad_challenges[i], test_bad_challenge);
    }
  g_test_add_func ("/sasl/scram/nul-in-challenge", test_nul_in_challenge);
  g_test_add_func ("/sasl/scram/iteration-bounds", test_iteration_bounds);
  g_test_add_func ("/sasl/scram/username-escaped", test_username_escaped);
  g_test_add_func ("/sasl/scram/random-nonce", test_random_nonce);
  g_test_add_func ("/sasl/choice/preference", test_choice_by_preference);
  g_test_add_func ("/sasl/choice/no-mechanism-message", test_no_mechanism_message);
  g_test_add_func ("/sasl/plain", test_plain);
  g_test_add_func ("/sasl/guest", test_guest);
  g_test_add_func ("/sasl/out-of-order", test_out_of_order);
  g_test_add_func ("/sasl/finish-twice", test_finish_twice);

  return g_test_run ();
}
