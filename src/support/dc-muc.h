/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-xml-node.h"

G_BEGIN_DECLS

/* What both sides of a support room say: the customer's session and the desk. */
#define NS_MUC "http://jabber.org/protocol/muc"
#define NS_MUC_USER "http://jabber.org/protocol/muc#user"
#define NS_MUC_OWNER "http://jabber.org/protocol/muc#owner"
#define NS_CONFERENCE "jabber:x:conference"
#define NS_SID "urn:xmpp:sid:0"
#define NS_CHATSTATES "http://jabber.org/protocol/chatstates"
#define NS_MARKERS "urn:xmpp:chat-markers:0"
#define NS_MAM "urn:xmpp:mam:2"
#define NS_FORWARD "urn:xmpp:forward:0"
#define NS_DELAY "urn:xmpp:delay"
#define NS_RSM "http://jabber.org/protocol/rsm"
#define NS_HINTS "urn:xmpp:hints"

DcXmlNode *dc_muc_join_presence (const char *room, const char *nick);
gboolean dc_muc_has_status (DcXmlNode *muc_user_x, const char *code);
void dc_muc_add_form_field (DcXmlNode *x, const char *var, const char *value);
DcXmlNode *dc_mam_query_new (const char *room, const char *query_id, GDateTime *start,
                             const char *after, guint max);

G_END_DECLS
