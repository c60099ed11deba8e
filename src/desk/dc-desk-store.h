/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A session as the desk sees it. The names are those of the customer's status element where
 * the two meet; "answered" is the desk's own: the knowledge base answered, and the customer may
 * still ask for a person. */
typedef enum
{
  DC_DESK_STATE_FORM,
  DC_DESK_STATE_ANSWERED,
  DC_DESK_STATE_QUEUED,
  DC_DESK_STATE_WITH_AGENT,
  DC_DESK_STATE_RATING,
  DC_DESK_STATE_CLOSED,
} DcDeskState;

#define DC_DESK_N_STATES (DC_DESK_STATE_CLOSED + 1)

const char *dc_desk_state_to_string (DcDeskState state);
gboolean dc_desk_state_from_string (const char *text, DcDeskState *state);

/* One row of the sessions table. Times are seconds since 1970, 0 when not (yet). */
typedef struct
{
  gint64 id; /* 0 until stored */
  char *room;
  char *customer; /* bare JID */
  char *language; /* de en es fr it */
  char *country;  /* from the customer's locale, or NULL */
  DcDeskState state;
  guint position;       /* in the queue, 1 first; 0 when not queued */
  guint entry_position; /* the place it had on joining the queue */
  char *agent;          /* bare JID of the agent who has it */
  char *facts;          /* a JSON object of what the customer chose to share */
  char *last_stanza;    /* the room archive's id of the last message handled */
  gboolean greeted;
  double created;
  double queued_at;
  double assigned_at; /* first handed to an agent */
  double resolved_at;
  double closed_at;
  double last_activity;
  char *close_reason;
} DcDeskSession;

DcDeskSession *dc_desk_session_new (const char *room, const char *customer, const char *language,
                                    const char *country);
void dc_desk_session_free (DcDeskSession *session);

/* The desk's SQLite database: sessions, events, ratings. */
typedef struct _DcDeskStore DcDeskStore;

DcDeskStore *dc_desk_store_open (const char *path, gboolean read_only, GError **error);
void dc_desk_store_free (DcDeskStore *self);

/* Inserts @session (setting its id) or updates it. */
gboolean dc_desk_store_save_session (DcDeskStore *self, DcDeskSession *session, GError **error);
/* Every session that is not closed, oldest first (of DcDeskSession). */
GPtrArray *dc_desk_store_load_open (DcDeskStore *self, GError **error);
guint dc_desk_store_count_open (DcDeskStore *self, const char *customer);
gboolean dc_desk_store_add_event (DcDeskStore *self, gint64 session, const char *kind,
                                  const char *actor, const char *detail, GError **error);
gboolean dc_desk_store_add_rating (DcDeskStore *self, gint64 session, int rating,
                                   const char *comment, const char *agent, GError **error);
/* The newest @n waits, in seconds per place in the queue, newest first (of double). */
GArray *dc_desk_store_recent_waits (DcDeskStore *self, guint n);
/* When @agent last got a customer, 0 if never. */
double dc_desk_store_last_assigned (DcDeskStore *self, const char *agent);
/* `--stats`: sessions by state, median wait, handled per agent, ratings count and mean. */
char *dc_desk_store_stats (DcDeskStore *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcDeskSession, dc_desk_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcDeskStore, dc_desk_store_free)

G_END_DECLS
