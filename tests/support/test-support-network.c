/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test"

#include <signal.h>
#include <sys/prctl.h>

#include "dc-support-session-private.h"
#include "prosody-harness.h"

/* After a drop and the timed attempts, a session waits: no timer, no polling. NetworkManager
 * (faked by python-dbusmock on a private system bus, read by GIO's NetworkManager monitor) saying
 * the network is back wakes it, and what the customer wrote meanwhile goes out. */

#define NM "org.freedesktop.NetworkManager"
#define NM_STATE_DISCONNECTED 20
#define NM_STATE_CONNECTED_GLOBAL 70
#define NM_CONNECTIVITY_NONE 1
#define NM_CONNECTIVITY_FULL 4

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
name_appeared_cb (GDBusConnection *connection, const char *name, const char *owner,
                  gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
}

static GSubprocess *
start_networkmanager (void)
{
  g_autoptr (GSubprocessLauncher) launcher
    = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr (GError) error = NULL;
  GSubprocess *mock;
  gboolean appeared = FALSE;
  guint watch;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* Debian's python3, which has python3-dbusmock. */
  mock = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/python3", "-m", "dbusmock",
                                      "--system", "--template", "networkmanager", NULL);
  g_assert_no_error (error);
  watch = g_bus_watch_name (G_BUS_TYPE_SYSTEM, NM, G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared_cb,
                            NULL, &appeared, NULL);
  while (!appeared)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);
  return mock;
}

/* What NetworkManager says when the network goes or comes: its State and Connectivity change
 * (PropertiesChanged), which GIO's monitor reads. */
static void
set_network (guint state, guint connectivity)
{
  g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;

  reply = g_dbus_connection_call_sync (
    bus, NM, "/org/freedesktop/NetworkManager", "org.freedesktop.DBus.Mock", "UpdateProperties",
    g_variant_new_parsed (
      "('org.freedesktop.NetworkManager', {'State': <%u>, 'Connectivity': <%u>})", state,
      connectivity),
    NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_state (DcSupportSession *session, DcSupportState state, guint seconds)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (seconds, timed_out_cb, &timed_out);

  while (dc_support_session_get_state (session) != state && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("The session is %s, not %s, after %u s",
             dc_support_state_to_string (dc_support_session_get_state (session)),
             dc_support_state_to_string (state), seconds);
  g_source_remove (timeout);
}

static void
test_network_back (void)
{
  g_autoptr (ProsodyHarness) harness = prosody_harness_start ();
  g_autoptr (GSubprocess) networkmanager = start_networkmanager ();
  g_autoptr (XmppPeer) desk = NULL;
  g_autoptr (JsonObject) invite = NULL, joined = NULL, message = NULL;
  g_autoptr (TcpRelay) relay = NULL;
  g_autoptr (GUri) uri = g_uri_parse (prosody_harness_get_ws_url (harness), G_URI_FLAGS_NONE, NULL);
  g_autoptr (DcSupportStore) store = NULL;
  g_autoptr (DcSupportSession) session = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dc-network-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "support.db", NULL);
  g_autofree char *url = NULL;
  DcSupportConfig config = { 0 };

  prosody_harness_register (harness, "desk", "desk-secret");
  desk = xmpp_peer_start (harness, "desk@localhost", "desk-secret", "--auto-join", "Desk", NULL);
  relay = tcp_relay_new (g_uri_get_port (uri));
  url = g_strdup_printf ("ws://127.0.0.1:%u/xmpp-websocket", tcp_relay_get_port (relay));
  store = dc_support_store_new (db, &error);
  g_assert_no_error (error);
  config.service = url;
  config.domain = (char *)"localhost";
  config.muc = (char *)prosody_harness_get_muc (harness);
  config.desk = (char *)"desk@localhost";
  config.username = (char *)"customer-on-a-train";
  config.password = (char *)"customer-secret";
  config.create_account = TRUE;
  session = dc_support_session_new (&config, store);
  /* No timed attempt after a drop: only the network coming back may wake the session. */
  dc_support_session_set_retry_limit (session, 0);
  dc_support_session_start (session);
  invite = xmpp_peer_wait (desk, "invite");
  joined = xmpp_peer_wait (desk, "joined");

  /* Into a tunnel: the line drops, NetworkManager says there is no network. */
  set_network (NM_STATE_DISCONNECTED, NM_CONNECTIVITY_NONE);
  tcp_relay_cut (relay);
  wait_for_state (session, DC_SUPPORT_STATE_OFFLINE, 20);
  g_assert_true (dc_support_session_send (session, "Written in the tunnel.", &error));
  g_assert_no_error (error);
  tcp_relay_restore (relay);

  /* Out of it: NetworkManager's word alone brings the session back. */
  set_network (NM_STATE_CONNECTED_GLOBAL, NM_CONNECTIVITY_FULL);
  message = xmpp_peer_wait_for (desk, "message", "body", "Written in the tunnel.");
  wait_for_state (session, DC_SUPPORT_STATE_WAITING_FOR_DESK, 20);

  g_clear_object (&session);
  g_clear_object (&store);
  g_subprocess_force_exit (networkmanager);
  g_subprocess_wait (networkmanager, NULL, NULL);
  test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_autoptr (GTestDBus) system_bus = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Before anything asks for it: this bus is the system bus, and GIO's network monitor is the
   * one that listens to NetworkManager. */
  system_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (system_bus);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (system_bus), TRUE);
  g_setenv ("GIO_USE_NETWORK_MONITOR", "networkmanager", TRUE);

  g_test_add_func ("/support-network/network-back", test_network_back);
  status = g_test_run ();
  /* Not g_test_dbus_down(): GIO's network monitor keeps its connection for the process. */
  g_test_dbus_stop (system_bus);
  return status;
}
