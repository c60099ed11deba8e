/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A real Prosody (Debian's package) on loopback, with its own config and data in a temp dir:
 * WebSocket (the app's transport), c2s (the slixmpp peers'), MUC with archive, stream management,
 * HTTP file share, in-band registration. Started by a test and stopped in its teardown, even
 * when the test fails (the server dies with the test process). */
typedef struct _ProsodyHarness ProsodyHarness;

ProsodyHarness *prosody_harness_start (void);
void prosody_harness_free (ProsodyHarness *self); /* stops the server, removes the temp dir */

const char *prosody_harness_get_domain (ProsodyHarness *self); /* "localhost" */
const char *prosody_harness_get_muc (ProsodyHarness *self);    /* "rooms.localhost" */
const char *prosody_harness_get_ws_url (ProsodyHarness *self); /* ws://127.0.0.1:P/xmpp-websocket */
guint16 prosody_harness_get_c2s_port (ProsodyHarness *self);
const char *prosody_harness_get_data_dir (ProsodyHarness *self);
const char *prosody_harness_get_upload_service (ProsodyHarness *self); /* "upload.localhost" */

/* Creates an account with prosodyctl (the server may be running or not). */
void prosody_harness_register (ProsodyHarness *self, const char *user, const char *password);

/* Sends SIGKILL and waits for the process to end: data written so far stays. */
void prosody_harness_kill (ProsodyHarness *self);
/* Stops (SIGSTOP) or continues (SIGCONT) the server. */
void prosody_harness_pause (ProsodyHarness *self, gboolean paused);
/* Starts the server again on the same ports and data, and waits until it accepts. */
void prosody_harness_restart (ProsodyHarness *self);

/* Starts a slixmpp peer, `/usr/bin/python3 tests/support/xmpp-peer.py --server 127.0.0.1
 * --port P --jid JID --password PW ARGS…`, that speaks JSON lines on its stdin and stdout, and
 * waits for its {"event":"online"} line. */
typedef struct _XmppPeer XmppPeer;

XmppPeer *xmpp_peer_start (ProsodyHarness *harness, const char *jid, const char *password,
                           ...) G_GNUC_NULL_TERMINATED;
void xmpp_peer_free (XmppPeer *self); /* asks it to quit, kills it after 2 s */
/* Sends one command, a JSON object, such as {"cmd":"send","to":…,"body":…}. */
void xmpp_peer_send (XmppPeer *self, const char *json);
void xmpp_peer_sendf (XmppPeer *self, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Waits (20 s at most, else the test fails) for the next event whose "event" member is @event,
 * skipping others; returns it (transfer full). Skipped events stay queued, in order, for later
 * waits; an {"event":"error"} fails the test at once unless @event is "error". */
JsonObject *xmpp_peer_wait (XmppPeer *self, const char *event);
/* The same, for an event whose string member @member is also @value (a "message" whose "body"
 * is "hi"). Added to the API for tests that wait for one of several similar events. */
JsonObject *xmpp_peer_wait_for (XmppPeer *self, const char *event, const char *member,
                                const char *value);

/* Removes a folder a test made, and everything in it. */
void test_remove_tree (const char *path);
/* Waits until @process ended, @timeout_ms at most, dispatching the default context meanwhile. */
gboolean test_wait_for_exit (GSubprocess *process, guint timeout_ms);

/* A TCP relay on loopback to @port, to cut a client's line as a lost network does: every relayed
 * connection closed at once, new ones refused until restored. */
typedef struct _TcpRelay TcpRelay;

TcpRelay *tcp_relay_new (guint16 port);
guint16 tcp_relay_get_port (TcpRelay *self);
void tcp_relay_cut (TcpRelay *self);
void tcp_relay_restore (TcpRelay *self);
void tcp_relay_free (TcpRelay *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcpRelay, tcp_relay_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProsodyHarness, prosody_harness_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (XmppPeer, xmpp_peer_free)

G_END_DECLS
