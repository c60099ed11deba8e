/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DC_SUPPORT_ERROR (dc_support_error_quark ())
GQuark dc_support_error_quark (void);

/* What went wrong with the support chat, each with a message the customer can act on. */
typedef enum
{
  DC_SUPPORT_ERROR_NETWORK,   /* could not reach the server, or the connection dropped */
  DC_SUPPORT_ERROR_INSECURE,  /* an unencrypted address that is not this machine */
  DC_SUPPORT_ERROR_PROTOCOL,  /* the server sent something XMPP does not allow */
  DC_SUPPORT_ERROR_AUTH,      /* the server did not accept the account */
  DC_SUPPORT_ERROR_REGISTER,  /* the account could not be created */
  DC_SUPPORT_ERROR_STANZA,    /* the server answered a request with an error */
  DC_SUPPORT_ERROR_ROOM_GONE, /* the chat room no longer exists on the server */
  DC_SUPPORT_ERROR_CLOSED,    /* the session ended */
} DcSupportError;

G_END_DECLS
