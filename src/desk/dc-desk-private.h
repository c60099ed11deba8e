/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-desk-knowledge.h"
#include "dc-desk-queue.h"
#include "dc-desk-store.h"
#include "dc-desk-texts.h"
#include "dc-desk.h"
#include "dc-vendor-config.h"
#include "dc-muc.h"
#include "dc-support-session.h"
#include "dc-xmpp-connection.h"

G_BEGIN_DECLS

#define NS_ROSTER "jabber:iq:roster"

struct _DcDesk
{
  GObject parent_instance;

  DcDeskConfig *config;
  DcDeskStore *store;
  DcDeskKnowledge *knowledge; /* NULL: none configured */
  DcVendorConfig *vendor;
  DcXmppConnection *xmpp;
  GCancellable *cancellable;
  GHashTable *rooms;  /* room JID → DcDeskRoom */
  GHashTable *agents; /* bare JID → DcDeskAgent */
  DcDeskQueue *queue;
  guint retry_source;
  guint retries;
  guint sweep_source;
  gboolean stopping;
};

/* A room the desk is in (or on its way into): the session, and what this run knows of it. */
typedef struct
{
  DcDesk *desk;
  DcDeskSession *session; /* id 0: a visit only to say no (too many sessions) */
  GHashTable *occupants;  /* nick → bare JID, "" when the room hides it */
  GHashTable *seen;       /* the archive ids of the messages handled in this run */
  char *farewell;         /* said on joining; then the desk leaves */
  gboolean joined;
  gboolean resync; /* once in (and caught up), tell the customer where they are */
  gboolean briefed;
  gboolean catching_up;
  char *catch_up_id; /* the archive query's id */
  DcDeskState state_before_catch_up;
  GArray *recent; /* when the customer's recent messages came (double) */
  double warned_at;
} DcDeskRoom;

typedef struct
{
  char *address;
  char *name;            /* from the roster, else the address's local part */
  GHashTable *resources; /* resource → show ("" when plainly available) */
  double last_assigned;
} DcDeskAgent;

double dc_desk_now (void);
void dc_desk_save (DcDesk *self, DcDeskSession *session);
void dc_desk_event (DcDesk *self, DcDeskSession *session, const char *kind, const char *actor,
                    const char *detail);
DcDeskRoom *dc_desk_lookup_room (DcDesk *self, const char *jid);

/* dc-desk-room.c: joining, who is who, messages in and out, catching up from the archive. */
DcDeskRoom *dc_desk_room_new (DcDesk *desk, DcDeskSession *session);
void dc_desk_room_free (DcDeskRoom *room);
void dc_desk_room_join (DcDeskRoom *room);
void dc_desk_room_leave (DcDeskRoom *room);
/* Leaves, and drops the room once the stanza at hand is handled. */
void dc_desk_room_forget (DcDeskRoom *room);
void dc_desk_room_handle_presence (DcDeskRoom *room, DcXmlNode *stanza);
void dc_desk_room_handle_message (DcDeskRoom *room, DcXmlNode *stanza);
void dc_desk_room_say (DcDeskRoom *room, const char *body, DcXmlNode *status, DcXmlNode *form);
void dc_desk_room_tell (DcDeskRoom *room, const char *jid, const char *body);
const char *dc_desk_room_nick_of (DcDeskRoom *room, const char *jid);

/* dc-desk-flow.c: the session's steps, from the greeting to the rating. */
void dc_desk_flow_joined (DcDeskRoom *room);
void dc_desk_flow_resync (DcDeskRoom *room);
void dc_desk_flow_customer_text (DcDeskRoom *room, const char *body, gboolean archived);
void dc_desk_flow_form_answer (DcDeskRoom *room, DcXmlNode *x);
void dc_desk_flow_resolve (DcDeskRoom *room, const char *agent);
void dc_desk_flow_close (DcDeskRoom *room, const char *reason, DcDeskText text);
void dc_desk_flow_queue_moved (DcDesk *self);
void dc_desk_flow_sweep (DcDesk *self);
char *dc_desk_flow_closed_notice (DcDesk *self, const char *language, const char *country);
DcXmlNode *dc_desk_flow_status (DcDeskRoom *room);

/* dc-desk-agents.c: the roster, who is available, handing customers over, agents' commands. */
void dc_desk_agent_free (DcDeskAgent *agent);
void dc_desk_agents_init (DcDesk *self);
void dc_desk_agents_online (DcDesk *self);
void dc_desk_agents_offline (DcDesk *self);
gboolean dc_desk_agents_handle_presence (DcDesk *self, DcXmlNode *stanza);
void dc_desk_agents_assign (DcDesk *self);
void dc_desk_agents_joined_room (DcDeskRoom *room, const char *jid);
void dc_desk_agents_invite_again (DcDeskRoom *room);
void dc_desk_agents_command (DcDeskRoom *room, const char *agent, const char *body);
const char *dc_desk_agents_name (DcDesk *self, const char *agent);

G_END_DECLS
