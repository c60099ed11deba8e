/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-xml-node.h"

G_BEGIN_DECLS

#define NS_CLIENT "jabber:client"
#define NS_FRAMING "urn:ietf:params:xml:ns:xmpp-framing"
#define NS_STREAMS "http://etherx.jabber.org/streams"
#define NS_SASL "urn:ietf:params:xml:ns:xmpp-sasl"
#define NS_BIND "urn:ietf:params:xml:ns:xmpp-bind"
#define NS_SM "urn:xmpp:sm:3"
#define NS_REGISTER "jabber:iq:register"
#define NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define NS_CSI "urn:xmpp:csi:0"

typedef enum
{
  DC_XMPP_STATE_DISCONNECTED,
  DC_XMPP_STATE_CONNECTING,
  DC_XMPP_STATE_ONLINE,
} DcXmppState;

/* One XMPP client stream over a WebSocket (RFC 7395): login (in-band registration, SASL, bind),
 * stream management (XEP-0198) with acknowledgements per stanza and resumption, IQ requests,
 * and the stanzas that arrive, as signals. */
#define DC_TYPE_XMPP_CONNECTION (dc_xmpp_connection_get_type ())
G_DECLARE_FINAL_TYPE (DcXmppConnection, dc_xmpp_connection, DC, XMPP_CONNECTION, GObject)

/* @url: ws:// (loopback only) or wss://; @domain: the XMPP domain, such as "support.example". */
DcXmppConnection *dc_xmpp_connection_new (const char *url, const char *domain, GError **error);

/* @username: NULL for a guest (SASL ANONYMOUS); @create_account: register it first (XEP-0077).
 * A connection that had a stream-management session tries to resume it first. */
void dc_xmpp_connection_connect_async (DcXmppConnection *self, const char *username,
                                       const char *password, gboolean create_account,
                                       GCancellable *cancellable, GAsyncReadyCallback callback,
                                       gpointer user_data);
/* @resumed: set to TRUE when the earlier stream was resumed (nothing was lost). */
gboolean dc_xmpp_connection_connect_finish (DcXmppConnection *self, GAsyncResult *result,
                                            gboolean *resumed, GError **error);
void dc_xmpp_connection_disconnect (DcXmppConnection *self);

DcXmppState dc_xmpp_connection_get_state (DcXmppConnection *self);
const char *dc_xmpp_connection_get_jid (DcXmppConnection *self);
const char *dc_xmpp_connection_get_domain (DcXmppConnection *self);

/* Sends @stanza (a message, presence or iq; xmlns jabber:client is added). "acked" is emitted
 * with it once the server confirmed it. */
void dc_xmpp_connection_send (DcXmppConnection *self, DcXmlNode *stanza);
/* Sends an IQ and waits for its result (or error, as a GError). */
void dc_xmpp_connection_iq_async (DcXmppConnection *self, DcXmlNode *iq, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data);
DcXmlNode *dc_xmpp_connection_iq_finish (DcXmppConnection *self, GAsyncResult *result,
                                         GError **error);
/* Client state indication (XEP-0352), when the server offers it. */
void dc_xmpp_connection_set_active (DcXmppConnection *self, gboolean active);

/* For tests and benchmarks: drop the transport as a network failure would. */
void dc_xmpp_connection_break (DcXmppConnection *self);

char *dc_jid_bare (const char *jid);
const char *dc_jid_resource (const char *jid);
char *dc_xmpp_new_id (void);
char *dc_xmpp_stanza_error_text (DcXmlNode *stanza);

G_END_DECLS
