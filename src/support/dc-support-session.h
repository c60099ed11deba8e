/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-chat-message.h"
#include "dc-data-form.h"
#include "dc-support-store.h"

G_BEGIN_DECLS

/* What the customer sees of a session, in the order a session usually goes. */
typedef enum
{
  DC_SUPPORT_STATE_CONNECTING,       /* reaching the server, creating the room */
  DC_SUPPORT_STATE_WAITING_FOR_DESK, /* the desk was invited and has not answered yet */
  DC_SUPPORT_STATE_FORM,             /* the desk asks for the pre-chat form */
  DC_SUPPORT_STATE_QUEUED,           /* waiting for a person: queue-position, estimated-wait */
  DC_SUPPORT_STATE_WITH_AGENT,       /* a person is in the chat */
  DC_SUPPORT_STATE_RATING,           /* the desk asks how it went */
  DC_SUPPORT_STATE_CLOSED,           /* ended; the transcript stays */
  DC_SUPPORT_STATE_OFFLINE,          /* the connection dropped: waiting-count messages wait */
} DcSupportState;

#define DC_TYPE_SUPPORT_STATE (dc_support_state_get_type ())
GType dc_support_state_get_type (void);
const char *dc_support_state_to_string (DcSupportState state);

/* Where the session goes: from the vendor configuration, or the tool's options. */
typedef struct
{
  char *service; /* wss:// (or ws:// to this machine) */
  char *domain;  /* the XMPP domain of the customer's account */
  char *muc;     /* the room service, such as rooms.support.example */
  char *desk;    /* the desk's JID */
  char *username;
  char *password;
  gboolean create_account; /* register it (XEP-0077) before logging in */
  gboolean guest;          /* SASL ANONYMOUS instead of an account */
} DcSupportConfig;

void dc_support_config_free (DcSupportConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSupportConfig, dc_support_config_free)

/* The desk's namespace for what a message cannot say to a program: the session's state, the
 * queue position and the estimated wait. */
#define NS_DEVICECARE_STATUS "urn:devicecare:support:0"

/* The customer's nickname in every room the app creates; the desk knows the customer by it. */
#define DC_SUPPORT_NICK "customer"

/* A support chat with the desk and then a person, in a private room (DESIGN §3): state for the
 * UI to bind to, the transcript as a list model, the outbox kept until the server has each
 * message, and reconnection after a drop (resume, or rejoin and fetch what was missed). */
#define DC_TYPE_SUPPORT_SESSION (dc_support_session_get_type ())
G_DECLARE_FINAL_TYPE (DcSupportSession, dc_support_session, DC, SUPPORT_SESSION, GObject)

DcSupportSession *dc_support_session_new (const DcSupportConfig *config, DcSupportStore *store);
/* Opens the newest session that is not closed, or a new one. */
void dc_support_session_start (DcSupportSession *self);
/* Leaves the room and ends the session without a rating. */
void dc_support_session_close (DcSupportSession *self);

DcSupportState dc_support_session_get_state (DcSupportSession *self);
GListModel *dc_support_session_get_messages (DcSupportSession *self);
DcDataForm *dc_support_session_get_form (DcSupportSession *self);
int dc_support_session_get_queue_position (DcSupportSession *self);
int dc_support_session_get_estimated_wait (DcSupportSession *self);
guint dc_support_session_get_waiting_count (DcSupportSession *self);
gboolean dc_support_session_get_peer_typing (DcSupportSession *self);
const char *dc_support_session_get_error (DcSupportSession *self);
const char *dc_support_session_get_room (DcSupportSession *self);
gint64 dc_support_session_get_id (DcSupportSession *self);

/* Stores @body, then sends it; FALSE with @error when it could not even be stored. */
gboolean dc_support_session_send (DcSupportSession *self, const char *body, GError **error);
gboolean dc_support_session_submit_form (DcSupportSession *self, DcDataForm *form, GError **error);
/* Uploads @data (XEP-0363) and sends its address as a message of the customer's (the report,
 * a screenshot). Only on the customer's request. */
void dc_support_session_attach_async (DcSupportSession *self, GBytes *data, const char *filename,
                                      const char *content_type, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data);
gboolean dc_support_session_attach_finish (DcSupportSession *self, GAsyncResult *result,
                                           GError **error);
void dc_support_session_set_typing (DcSupportSession *self, gboolean typing);
/* The customer saw @message: tell the sender (XEP-0333). */
void dc_support_session_mark_displayed (DcSupportSession *self, DcChatMessage *message);
void dc_support_session_set_active (DcSupportSession *self, gboolean active);
/* Try now (the network came back, or the customer asked). */
void dc_support_session_reconnect (DcSupportSession *self);
/* Nothing waits in the outbox. */
gboolean dc_support_session_is_flushed (DcSupportSession *self);

G_END_DECLS
