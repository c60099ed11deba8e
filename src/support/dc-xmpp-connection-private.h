/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "dc-sasl.h"
#include "dc-xmpp-connection.h"

G_BEGIN_DECLS

typedef enum
{
  LOGIN_NONE,
  LOGIN_WAIT_OPEN,
  LOGIN_WAIT_FEATURES,
  LOGIN_REGISTERING,
  LOGIN_AUTHENTICATING,
  LOGIN_RESUMING,
  LOGIN_BINDING,
  LOGIN_ENABLING,
  LOGIN_DONE,
} LoginStep;

struct _DcXmppConnection
{
  GObject parent_instance;

  char *url;
  char *domain;
  gboolean secure; /* wss://, or ws:// to this machine */
  SoupSession *session;
  SoupWebsocketConnection *ws;
  gulong ws_handlers[3];
  GError *ws_error;
  DcXmppState state;
  char *jid;

  /* Login */
  GTask *connect_task;
  LoginStep step;
  char *username;
  char *password;
  gboolean create_account;
  gboolean authenticated;
  gboolean resumed;
  DcSasl *sasl;
  DcSaslCache *sasl_cache; /* SCRAM's salted password, for the next sign-in */
  DcXmlNode *features;

  /* Stream management (XEP-0198) */
  gboolean sm_enabled;
  char *sm_id;    /* the resumable session's id, kept across drops */
  guint32 h_in;   /* stanzas received */
  guint32 h_out;  /* stanzas sent */
  guint32 acked;  /* the server's last count of ours */
  GQueue unacked; /* DcXmlNode*, sent and not yet acknowledged, oldest first */

  GHashTable *pending_iq; /* id → GTask */
  gboolean csi_offered;
  gboolean active;
};

/* dc-xmpp-connection.c: the object and its transport */
void dc_xmpp_connection_write (DcXmppConnection *self, DcXmlNode *node);
void dc_xmpp_connection_login_failed (DcXmppConnection *self, GError *error);
void dc_xmpp_connection_went_online (DcXmppConnection *self);
void dc_xmpp_connection_lost (DcXmppConnection *self, GError *error);
void dc_xmpp_connection_emit_stanza (DcXmppConnection *self, DcXmlNode *stanza);
void dc_xmpp_connection_emit_acked (DcXmppConnection *self, DcXmlNode *stanza);

/* dc-xmpp-login.c */
void dc_xmpp_connection_login_frame (DcXmppConnection *self, DcXmlNode *node);
void dc_xmpp_connection_login_start (DcXmppConnection *self);

/* dc-xmpp-stream.c: stream management, IQs, and what arrives */
void dc_xmpp_connection_send_sm (DcXmppConnection *self, const char *name, guint32 h,
                                 gboolean with_h);
void dc_xmpp_connection_handle_ack (DcXmppConnection *self, guint32 h);
void dc_xmpp_connection_resend_unacked (DcXmppConnection *self);
void dc_xmpp_connection_forget_stream (DcXmppConnection *self);
void dc_xmpp_connection_handle_frame (DcXmppConnection *self, DcXmlNode *node);
void dc_xmpp_connection_fail_pending_iq (DcXmppConnection *self, const GError *error);

G_END_DECLS
