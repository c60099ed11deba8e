/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DC_SASL_ERROR (dc_sasl_error_quark ())
GQuark dc_sasl_error_quark (void);

typedef enum
{
  DC_SASL_ERROR_NO_MECHANISM, /* nothing offered that we may use on this channel */
  DC_SASL_ERROR_PROTOCOL,     /* a malformed or unexpected challenge */
  DC_SASL_ERROR_SERVER_PROOF, /* the server's signature is wrong: it does not know the password */
} DcSaslError;

/* The client side of one SASL exchange (RFC 4422): SCRAM-SHA-256, SCRAM-SHA-1 (RFC 5802, 7677),
 * PLAIN (RFC 4616) only on a secure channel, ANONYMOUS (RFC 4505) when there is no password.
 * Chosen by our preference list, never by the order the server sends. */
typedef struct _DcSasl DcSasl;

DcSasl *dc_sasl_new (const char *const *offered, const char *username, const char *password,
                     gboolean secure_channel, GError **error);
void dc_sasl_free (DcSasl *self);
const char *dc_sasl_get_mechanism (DcSasl *self);
/* The initial response (raw bytes, not base64), may be empty. */
GBytes *dc_sasl_start (DcSasl *self);
/* The response to a challenge (raw bytes), or NULL with @error. */
GBytes *dc_sasl_step (DcSasl *self, GBytes *challenge, GError **error);
/* Checks the additional data of <success/> (SCRAM's server signature). */
gboolean dc_sasl_finish (DcSasl *self, GBytes *additional_data, GError **error);

/* SCRAM's salted password, kept between sign-ins of one account (RFC 5802 §5.1 allows it): a
 * reconnection then skips the thousands of iterations. Whoever holds it resets it when the
 * account or its password changes. */
typedef struct _DcSaslCache DcSaslCache;

DcSaslCache *dc_sasl_cache_new (void);
void dc_sasl_cache_reset (DcSaslCache *cache);
void dc_sasl_cache_free (DcSaslCache *cache);
/* @cache: (nullable): borrowed, for this exchange */
void dc_sasl_set_cache (DcSasl *self, DcSaslCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSaslCache, dc_sasl_cache_free)

/* For tests: the client nonce SCRAM sends (normally random). */
void dc_sasl_set_client_nonce (DcSasl *self, const char *nonce);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSasl, dc_sasl_free)

G_END_DECLS
