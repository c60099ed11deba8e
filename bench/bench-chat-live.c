/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-chat"

#include <json-glib/json-glib.h>

#include "bench-chat.h"
#include "prosody-harness.h"

/* The live half of bench/chat: a real Prosody (tests/support/prosody-harness.c) with slixmpp
 * peers as the desk, the agent and a second sender for the baseline. Messages customer →
 * agent one at a time, beside the same through slixmpp alone, in a session connected to
 * Prosody directly; then a second session, through a relay whose line is cut and the session
 * reconnected, and the same after a server restart. */

#define WARM_UP 20
/* Long enough for a connection attempt refused by the relay (loopback) to have failed. */
#define SETTLE_MS 200
/* The catch-up reads the archive from 5 s before the last message it has
 * (dc-support-session-room.c); waited out once, so that the restarts do not read back every
 * message of the resumptions just before, which came a few milliseconds apart. */
#define ARCHIVE_MARGIN_MS 5500

typedef struct
{
  ProsodyHarness *harness;
  XmppPeer *desk;
  XmppPeer *agent;
  XmppPeer *tester;
  BenchRelay *relay;
  char *dir;
} Live;

typedef struct
{
  DcSupportStore *store;
  DcSupportSession *session;
  char *room;
} Chat;

static void
peer_wait_for (XmppPeer *peer, const char *event, const char *member, const char *value)
{
  json_object_unref (xmpp_peer_wait_for (peer, event, member, value));
}

static void
live_start (Live *live)
{
  g_autoptr (GUri) uri = NULL;

  live->harness = prosody_harness_start ();
  prosody_harness_register (live->harness, "desk", "desk-secret");
  prosody_harness_register (live->harness, "agent", "agent-secret");
  prosody_harness_register (live->harness, "tester", "tester-secret");
  live->desk
    = xmpp_peer_start (live->harness, "desk@localhost", "desk-secret", "--auto-join", "Desk", NULL);
  live->agent = xmpp_peer_start (live->harness, "agent@localhost", "agent-secret", "--auto-join",
                                 "Sam", NULL);
  live->tester = xmpp_peer_start (live->harness, "tester@localhost", "tester-secret", NULL);
  uri = g_uri_parse (prosody_harness_get_ws_url (live->harness), G_URI_FLAGS_NONE, NULL);
  live->relay = bench_relay_new ((guint16)g_uri_get_port (uri));
  live->dir = bench_make_tmp_dir ("bench-chat-live-XXXXXX");
}

static void
live_stop (Live *live)
{
  g_clear_pointer (&live->tester, xmpp_peer_free);
  g_clear_pointer (&live->agent, xmpp_peer_free);
  g_clear_pointer (&live->desk, xmpp_peer_free);
  g_clear_pointer (&live->relay, bench_relay_free);
  g_clear_pointer (&live->harness, prosody_harness_free);
  bench_remove_tree (live->dir);
  g_clear_pointer (&live->dir, g_free);
}

static gboolean
is_with_agent (gpointer data)
{
  return dc_support_session_get_state (data) == DC_SUPPORT_STATE_WITH_AGENT;
}

static gboolean
is_offline (gpointer data)
{
  return dc_support_session_get_state (data) == DC_SUPPORT_STATE_OFFLINE;
}

/* A new account and a new room, as on first use; the desk joins and brings the agent in. */
static void
chat_open (Live *live, Chat *chat, const char *url, const char *name)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *db = g_strdup_printf ("%s/%s.db", live->dir, name);
  g_autofree char *user = g_strdup_printf ("customer-%08x", g_random_int ());
  g_autoptr (JsonObject) invite = NULL;
  DcSupportConfig config = { 0 };

  chat->store = dc_support_store_new (db, &error);
  if (chat->store == NULL)
    g_error ("%s", error->message);
  config.service = (char *)url;
  config.domain = (char *)prosody_harness_get_domain (live->harness);
  config.muc = (char *)prosody_harness_get_muc (live->harness);
  config.desk = (char *)"desk@localhost";
  config.username = user;
  config.password = (char *)"customer-secret";
  config.create_account = TRUE;
  chat->session = dc_support_session_new (&config, chat->store);
  dc_support_session_start (chat->session);

  invite = xmpp_peer_wait (live->desk, "invite");
  chat->room = g_strdup (json_object_get_string_member (invite, "room"));
  peer_wait_for (live->desk, "joined", "room", chat->room);
  xmpp_peer_sendf (live->desk, "{\"cmd\":\"invite\",\"room\":\"%s\",\"jid\":\"agent@localhost\"}",
                   chat->room);
  peer_wait_for (live->agent, "joined", "room", chat->room);
  bench_wait_until (is_with_agent, chat->session, "the agent in the session");
}

static void
chat_close (Chat *chat)
{
  g_clear_object (&chat->session);
  g_clear_object (&chat->store);
  g_clear_pointer (&chat->room, g_free);
}

static void
acked_cb (DcChatMessage *message, GParamSpec *pspec, gpointer user_data)
{
  gint64 *acked_at = user_data;

  if (*acked_at == 0 && dc_chat_message_get_delivery (message) != DC_DELIVERY_WAITING)
    *acked_at = g_get_monotonic_time ();
}

/* One message through the engine: the agent's line for it, and its delivery moving to SENT
 * (the server's <a/>, or the room reflecting it, whichever comes first). */
static void
send_one (Live *live, Chat *chat, const char *body, gint64 *latency, gint64 *ack, gint64 *sync)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcChatMessage) message = NULL;
  GListModel *messages = dc_support_session_get_messages (chat->session);
  gint64 start, acked_at = 0;
  gulong handler;

  start = g_get_monotonic_time ();
  if (!dc_support_session_send (chat->session, body, &error))
    g_error ("Cannot send: %s", error->message);
  *sync = g_get_monotonic_time () - start;
  message = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);
  g_assert (g_strcmp0 (dc_chat_message_get_body (message), body) == 0);
  /* Nothing is read before the main loop runs again: connecting now misses nothing. */
  handler = g_signal_connect (message, "notify::delivery", G_CALLBACK (acked_cb), &acked_at);
  /* Without stream management a message counts as sent as soon as it is written. */
  acked_cb (message, NULL, &acked_at);

  peer_wait_for (live->agent, "message", "body", body);
  *latency = g_get_monotonic_time () - start;
  bench_wait_until (bench_time_is_set, &acked_at, "the acknowledgement");
  *ack = acked_at - start;
  g_signal_handler_disconnect (message, handler);
  /* Our messages say <active/>: the agent reports it after the message. */
  peer_wait_for (live->agent, "chatstate", NULL, NULL);
}

/* The same message path without us: slixmpp sends, slixmpp receives. */
static gint64
send_baseline (Live *live, Chat *chat, const char *body)
{
  gint64 start = g_get_monotonic_time ();

  xmpp_peer_sendf (live->tester,
                   "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"%s\"}",
                   chat->room, body);
  peer_wait_for (live->agent, "message", "body", body);
  return g_get_monotonic_time () - start;
}

/* Alternating, ours then the baseline's, so that both see the same server and machine. */
static void
measure_latency (Live *live, Chat *chat, guint n_messages, ChatLiveFigures *figures)
{
  figures->warm_up = WARM_UP;
  for (guint i = 0; i < WARM_UP + n_messages; i++)
    {
      g_autofree char *ours = g_strdup_printf ("Customer message %u: the battery drains.", i);
      g_autofree char *theirs = g_strdup_printf ("Baseline message %u: the battery drains.", i);
      gint64 latency, ack, sync, baseline;

      send_one (live, chat, ours, &latency, &ack, &sync);
      baseline = send_baseline (live, chat, theirs);
      if (i < WARM_UP)
        continue;
      g_array_append_val (figures->latency_us, latency);
      g_array_append_val (figures->ack_us, ack);
      g_array_append_val (figures->send_us, sync);
      g_array_append_val (figures->baseline_us, baseline);
    }
}

typedef struct
{
  DcSupportSession *session;
  gint64 at;
} Back;

static void
back_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  Back *back = user_data;

  if (back->at == 0 && dc_support_session_get_state (back->session) != DC_SUPPORT_STATE_OFFLINE
      && dc_support_session_is_flushed (back->session))
    back->at = g_get_monotonic_time ();
}

/* From dc_support_session_reconnect() until the session is online again with an empty outbox
 * and the agent has @body, written while offline. */
static gint64
reconnect_and_deliver (Live *live, Chat *chat, const char *body)
{
  Back back = { chat->session, 0 };
  gulong on_state, on_waiting;
  gint64 start, delivered;

  on_state = g_signal_connect (chat->session, "notify::state", G_CALLBACK (back_cb), &back);
  on_waiting
    = g_signal_connect (chat->session, "notify::waiting-count", G_CALLBACK (back_cb), &back);
  start = g_get_monotonic_time ();
  dc_support_session_reconnect (chat->session);
  peer_wait_for (live->agent, "message", "body", body);
  delivered = g_get_monotonic_time ();
  bench_wait_until (bench_time_is_set, &back.at, "the session back and flushed");
  g_signal_handler_disconnect (chat->session, on_state);
  g_signal_handler_disconnect (chat->session, on_waiting);
  peer_wait_for (live->agent, "chatstate", NULL, NULL);
  return MAX (delivered, back.at) - start;
}

static void
send_offline (Chat *chat, const char *body)
{
  g_autoptr (GError) error = NULL;

  if (!dc_support_session_send (chat->session, body, &error))
    g_error ("Cannot send offline: %s", error->message);
}

/* Reconnected as soon as the drop is noticed, before the session's own back-off timer. */
static void
measure_resumes (Live *live, Chat *chat, guint n_resumes, ChatLiveFigures *figures)
{
  guint resumed_before = bench_relay_get_n_resumed (live->relay);

  for (guint i = 0; i < n_resumes; i++)
    {
      g_autofree char *body = g_strdup_printf ("Written while the line was cut, %u.", i);
      gint64 elapsed;

      bench_relay_cut (live->relay);
      bench_wait_until (is_offline, chat->session, "the cut to be noticed");
      send_offline (chat, body);
      bench_relay_set_up (live->relay, TRUE);
      elapsed = reconnect_and_deliver (live, chat, body);
      g_array_append_val (figures->resume_us, elapsed);
    }
  figures->n_resumed = bench_relay_get_n_resumed (live->relay) - resumed_before;
}

/* Kills Prosody (its peers die with it), starts it again and brings the agent back into the
 * room; the relay refuses the session's own retries meanwhile, so the timed reconnection is
 * the first to reach the new server. */
static void
restart_server (Live *live, Chat *chat, const char *body)
{
  bench_relay_set_up (live->relay, FALSE);
  prosody_harness_kill (live->harness);
  bench_relay_cut (live->relay);
  bench_wait_until (is_offline, chat->session, "the crash to be noticed");
  send_offline (chat, body);
  g_clear_pointer (&live->tester, xmpp_peer_free);
  g_clear_pointer (&live->desk, xmpp_peer_free);
  g_clear_pointer (&live->agent, xmpp_peer_free);

  prosody_harness_restart (live->harness);
  live->agent = xmpp_peer_start (live->harness, "agent@localhost", "agent-secret", NULL);
  xmpp_peer_sendf (live->agent, "{\"cmd\":\"join\",\"room\":\"%s\",\"nick\":\"Sam\",\"history\":0}",
                   chat->room);
  peer_wait_for (live->agent, "joined", "room", chat->room);
  bench_iterate_for (SETTLE_MS);
}

static void
measure_restarts (Live *live, Chat *chat, guint n_restarts, ChatLiveFigures *figures)
{
  guint archived_before;

  bench_iterate_for (ARCHIVE_MARGIN_MS);
  archived_before = bench_relay_get_n_archived (live->relay);
  for (guint i = 0; i < n_restarts; i++)
    {
      g_autofree char *body = g_strdup_printf ("Written while the server was down, %u.", i);
      gint64 elapsed;

      restart_server (live, chat, body);
      bench_relay_set_up (live->relay, TRUE);
      elapsed = reconnect_and_deliver (live, chat, body);
      g_array_append_val (figures->restart_us, elapsed);
    }
  figures->n_archived = bench_relay_get_n_archived (live->relay) - archived_before;
}

/**
 * bench_chat_live:
 * @n_messages: messages each way for the latency, after a warm-up of 20
 * @n_resumes: cuts of the line
 * @n_restarts: server restarts
 * @figures: filled with the samples
 *
 * Runs the live measurements against a Prosody of its own, stopped before returning.
 */
void
bench_chat_live (guint n_messages, guint n_resumes, guint n_restarts, ChatLiveFigures *figures)
{
  Live live = { 0 };
  Chat direct = { 0 }, relayed = { 0 };
  g_autofree char *relay_url = NULL;

  live_start (&live);
  g_printerr ("Latency: %u messages each way (after %u to warm up)...\n", n_messages, WARM_UP);
  chat_open (&live, &direct, prosody_harness_get_ws_url (live.harness), "direct");
  xmpp_peer_sendf (live.tester,
                   "{\"cmd\":\"join\",\"room\":\"%s\",\"nick\":\"Tester\",\"history\":0}",
                   direct.room);
  peer_wait_for (live.tester, "joined", "room", direct.room);
  measure_latency (&live, &direct, n_messages, figures);
  chat_close (&direct);

  g_printerr ("Reconnection: %u cuts, %u server restarts...\n", n_resumes, n_restarts);
  relay_url
    = g_strdup_printf ("ws://127.0.0.1:%u/xmpp-websocket", bench_relay_get_port (live.relay));
  chat_open (&live, &relayed, relay_url, "relayed");
  measure_resumes (&live, &relayed, n_resumes, figures);
  measure_restarts (&live, &relayed, n_restarts, figures);
  chat_close (&relayed);
  live_stop (&live);
}
