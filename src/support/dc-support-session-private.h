/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-muc.h"
#include "dc-support-session.h"
#include "dc-xmpp-connection.h"

G_BEGIN_DECLS

struct _DcSupportSession
{
  GObject parent_instance;

  DcSupportConfig config;
  gboolean create_account;
  DcSupportStore *store;
  DcXmppConnection *xmpp;
  GCancellable *cancellable;
  GNetworkMonitor *monitor;
  gulong monitor_handlers[3];

  gint64 id;
  char *room;
  gboolean room_known; /* configured and the desk invited, in an earlier run or this one */
  gboolean joined;
  gboolean catching_up;     /* fetching what was missed from the archive */
  DcXmlNode *missed_status; /* the desk's latest status and form found there, */
  DcXmlNode *missed_form;   /* applied once the archive is read */
  GHashTable *occupants;    /* nick → bare real JID, or "" when the room hides it */

  GListStore *messages;
  GHashTable *by_origin; /* origin-id → DcChatMessage, borrowed from messages */
  GHashTable *in_flight; /* origin-ids sent on this stream, not yet acknowledged */

  DcSupportState state;
  DcSupportState state_before_offline;
  DcDataForm *form;
  int queue_position;
  int estimated_wait;
  guint waiting_count;
  gboolean peer_typing;
  char *error;

  guint retry_source;
  guint desk_wait_source; /* re-invites a desk that has not come */
  guint desk_invites;
  guint desk_wait_seconds; /* how long a desk may take to come before it is invited again */
  guint retries;
  guint max_retries;    /* timed attempts after a drop; then only the network or the customer */
  gboolean active;      /* the customer is looking (XEP-0352) */
  char *upload_service; /* found once (XEP-0363), then asked directly */
};

/* dc-support-session.c */
void dc_support_session_set_state (DcSupportSession *self, DcSupportState state);
void dc_support_session_set_error (DcSupportSession *self, const char *error);
void dc_support_session_update_waiting (DcSupportSession *self);
void dc_support_session_count_waiting (DcSupportSession *self);
void dc_support_session_deliver (DcSupportSession *self, DcChatMessage *message,
                                 DcDelivery delivery);
void dc_support_session_add_system (DcSupportSession *self, const char *text);

/* dc-support-session-connect.c */
void dc_support_session_connect_now (DcSupportSession *self);
void dc_support_session_disconnected_cb (DcXmppConnection *xmpp, GError *error, gpointer user_data);
void dc_support_session_network_changed_cb (GNetworkMonitor *monitor, gpointer unused,
                                            gpointer user_data);

/* dc-support-session-send.c */
DcXmlNode *dc_support_session_new_message (DcSupportSession *self, const char *id);
void dc_support_session_flush_outbox (DcSupportSession *self);
void dc_support_session_acked_cb (DcXmppConnection *xmpp, DcXmlNode *stanza, gpointer user_data);

/* dc-support-session-incoming.c */
void dc_support_session_handle_stanza (DcSupportSession *self, DcXmlNode *stanza,
                                       GDateTime *archived_time);

/* dc-support-session-room.c */
void dc_support_session_join_room (DcSupportSession *self);
void dc_support_session_room_failed (DcSupportSession *self, const char *detail);
void dc_support_session_desk_arrived (DcSupportSession *self);
/* For tests: the 30 s a desk may take to answer an invitation. */
void dc_support_session_set_desk_wait (DcSupportSession *self, guint seconds);
/* For tests: the 6 timed attempts after a drop (1, 2, 4… 32 s). */
void dc_support_session_set_retry_limit (DcSupportSession *self, guint retries);
void dc_support_session_joined (DcSupportSession *self, gboolean created);
void dc_support_session_catch_up (DcSupportSession *self);
void dc_support_session_apply_missed (DcSupportSession *self);

G_END_DECLS
