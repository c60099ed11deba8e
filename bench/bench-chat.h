/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "dc-support-session.h"

G_BEGIN_DECLS

/* bench/chat: the support chat engine (src/support) against Prosody on loopback. */

typedef struct
{
  guint n_messages;
  GArray *add_us;        /* gint64: each dc_support_store_add_message() */
  GArray *open_us;       /* dc_support_session_start() until all are in the model */
  GArray *async_us;      /* dc_support_store_load_messages_async() until its callback */
  GArray *floor_us;      /* a plain sqlite3 SELECT loop over the same rows */
  GArray *rss_bytes;     /* gint64: growth of the resident set over an open, in a new process */
  GArray *heap_bytes;    /* gint64: growth of malloc's bytes in use over the same */
  GArray *sqlite_bytes;  /* gint64: of that, SQLite's own (its page cache) */
  GArray *send_empty_us; /* dc_support_session_send() offline, in an empty session */
  GArray *send_full_us;  /* the same after the history */
} ChatHistoryFigures;

typedef struct
{
  guint warm_up;
  GArray *latency_us;  /* ours: send to the agent's line */
  GArray *baseline_us; /* a slixmpp peer's send command to the agent's line */
  GArray *ack_us;      /* send to the message's delivery moving to SENT */
  GArray *send_us;     /* the synchronous part of dc_support_session_send() */
  GArray *resume_us;   /* reconnect after a cut line until back, flushed and delivered */
  guint n_resumed;     /* of those, how many the server resumed (XEP-0198 <resumed/>) */
  GArray *restart_us;  /* the same after a server restart */
  guint n_archived;    /* archived messages the restarts' catch-up read, in all */
} ChatLiveFigures;

void chat_history_figures_init (ChatHistoryFigures *figures);
void chat_history_figures_clear (ChatHistoryFigures *figures);
void chat_live_figures_init (ChatLiveFigures *figures);
void chat_live_figures_clear (ChatLiveFigures *figures);

/* bench-chat-history.c: a store of @n_messages, opened @rounds times (after one warm-up). */
void bench_chat_history (guint n_messages, guint rounds, ChatHistoryFigures *figures);

/* The child process of the memory measurement: bench-chat --open-memory DB WARM_DB SERVICE */
int bench_chat_open_memory (const char *path, const char *warm_path, const char *service);

/* bench-chat-live.c: Prosody, a desk, an agent and a second slixmpp peer. */
void bench_chat_live (guint n_messages, guint n_resumes, guint n_restarts,
                      ChatLiveFigures *figures);

/* bench-chat.c */
typedef gboolean (*BenchCondition) (gpointer data);
/* Iterates the default main context until @condition holds; aborts after 30 s. */
void bench_wait_until (BenchCondition condition, gpointer data, const char *what);
void bench_iterate_for (guint ms);
/* A condition: the gint64 at @data is no longer 0. */
gboolean bench_time_is_set (gpointer data);
gint64 bench_percentile (GArray *samples, double percentile);
char *bench_make_tmp_dir (const char *template);
void bench_remove_tree (const char *path);

/* bench-chat-relay.c: a TCP relay to cut the line, as a lost network does; it counts the
 * server's <resumed/> and archived messages (server-to-client WebSocket frames are not
 * masked). */
typedef struct _BenchRelay BenchRelay;

BenchRelay *bench_relay_new (guint16 upstream_port);
guint16 bench_relay_get_port (BenchRelay *self);
void bench_relay_set_up (BenchRelay *self, gboolean up);
void bench_relay_cut (BenchRelay *self);
guint bench_relay_get_n_resumed (BenchRelay *self);
guint bench_relay_get_n_archived (BenchRelay *self);
void bench_relay_free (BenchRelay *self);

G_END_DECLS
