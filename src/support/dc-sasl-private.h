/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-sasl.h"

G_BEGIN_DECLS

/* What the exchange (dc-sasl.c) and SCRAM (dc-sasl-scram.c) share. */

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

#define MAX_DIGEST 32

struct _DcSasl
{
  Mechanism mechanism;
  State state;
  char *username; /* NULL for a guest */
  char *password; /* wiped on free */
  char *client_nonce;
  char *client_first_bare;
  guint8 server_signature[MAX_DIGEST]; /* what the server must send back */
  DcSaslCache *cache;                  /* borrowed, may be NULL */
};

struct _DcSaslCache
{
  gboolean valid;
  Mechanism mechanism;
  GBytes *salt;
  guint iterations;
  guint8 salted[MAX_DIGEST]; /* wiped on reset */
};

/* dc-sasl.c */
extern const MechanismInfo dc_sasl_mechanisms[]; /* indexed by Mechanism */
void dc_sasl_wipe (void *data, gsize len);
char *dc_sasl_shown (const char *text);
gboolean dc_sasl_set_protocol_error (GError **error, const char *reason);

/* dc-sasl-scram.c */
char *dc_sasl_scram_new_client_nonce (GError **error);
gboolean dc_sasl_scram_nonce_is_valid (const char *nonce);
GBytes *dc_sasl_scram_client_final (DcSasl *self, const char *server_first, GError **error);
gboolean dc_sasl_scram_verify_server_final (DcSasl *self, const char *server_final, GError **error);

G_END_DECLS
