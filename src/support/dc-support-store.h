/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-chat-message.h"

G_BEGIN_DECLS

#define DC_SUPPORT_STORE_ERROR (dc_support_store_error_quark ())
GQuark dc_support_store_error_quark (void);

typedef enum
{
  DC_SUPPORT_STORE_ERROR_OPEN,    /* the database could not be opened or created */
  DC_SUPPORT_STORE_ERROR_CORRUPT, /* not a database of ours, or damaged */
  DC_SUPPORT_STORE_ERROR_WRITE,   /* disk full, read-only… */
} DcSupportStoreError;

/* A support session as the list of past sessions shows it. */
typedef struct
{
  gint64 id;
  char *room;      /* the room's JID */
  char *desk;      /* the desk's JID */
  char *state;     /* the last state, as dc_support_state_to_string() writes it */
  gint64 created;  /* unix seconds */
  gint64 updated;  /* unix seconds: the last message or state change */
  char *last_body; /* the last message's text, or NULL */
  guint n_messages;
} DcSessionRecord;

void dc_session_record_free (DcSessionRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcSessionRecord, dc_session_record_free)

/* The phone's transcript and outbox, in SQLite ($XDG_DATA_HOME/device-care/support.db): every
 * message the customer writes is stored before it is sent, and stays "waiting" until the server
 * acknowledged it. */
#define DC_TYPE_SUPPORT_STORE (dc_support_store_get_type ())
G_DECLARE_FINAL_TYPE (DcSupportStore, dc_support_store, DC, SUPPORT_STORE, GObject)

/* @path: the database file, created with its folder (0700) when missing; NULL for the default. */
DcSupportStore *dc_support_store_new (const char *path, GError **error);
char *dc_support_store_default_path (void);

gint64 dc_support_store_add_session (DcSupportStore *self, const char *room, const char *desk,
                                     GError **error);
gboolean dc_support_store_set_session_state (DcSupportStore *self, gint64 session,
                                             const char *state, GError **error);
/* The newest session that is not closed, or 0. */
gint64 dc_support_store_find_open_session (DcSupportStore *self, DcSessionRecord **record);
/* Newest first, of DcSessionRecord. */
GPtrArray *dc_support_store_list_sessions (DcSupportStore *self, GError **error);

/* Stores @message in @session. Returns FALSE with no error when its origin-id is already stored
 * (a duplicate from the archive), FALSE with @error when it could not be written. */
gboolean dc_support_store_add_message (DcSupportStore *self, gint64 session, DcChatMessage *message,
                                       GError **error);
gboolean dc_support_store_set_delivery (DcSupportStore *self, const char *origin_id,
                                        DcDelivery delivery, GError **error);
gboolean dc_support_store_has_message (DcSupportStore *self, const char *origin_id);
/* The customer's messages still waiting, oldest first, of DcChatMessage. */
GPtrArray *dc_support_store_get_outbox (DcSupportStore *self, gint64 session, GError **error);
/* The whole transcript, oldest first, of DcChatMessage. */
GPtrArray *dc_support_store_load_messages (DcSupportStore *self, gint64 session, GError **error);
/* The same in a thread, for long transcripts: finish returns the GPtrArray. */
void dc_support_store_load_messages_async (DcSupportStore *self, gint64 session,
                                           GCancellable *cancellable, GAsyncReadyCallback callback,
                                           gpointer user_data);
GPtrArray *dc_support_store_load_messages_finish (DcSupportStore *self, GAsyncResult *result,
                                                  GError **error);

G_END_DECLS
