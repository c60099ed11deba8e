/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test-prosody"

#include "prosody-harness.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#define DOMAIN "localhost"
#define MUC_SERVICE "rooms." DOMAIN
#define UPLOAD_SERVICE "upload." DOMAIN
#define LISTEN_TIMEOUT_MS 10000
#define LISTEN_POLL_MS 20
#define STOP_TIMEOUT_MS 3000
#define PEER_WAIT_MS 20000
#define PEER_QUIT_MS 2000

struct _ProsodyHarness
{
  char *dir;
  char *config_path;
  char *log_path;
  char *output_path;
  char *ws_url;
  guint16 c2s_port;
  guint16 http_port;
  GSubprocess *server;
};

struct _XmppPeer
{
  ProsodyHarness *harness; /* borrowed: the harness outlives its peers */
  char *jid;
  GSubprocess *process;
  GOutputStream *commands;
  GDataInputStream *events_in;
  GCancellable *cancellable;
  GQueue events; /* JsonObject, oldest first */
  GString *transcript;
  gboolean reading;
  gboolean eof;
};

/* Prosody ---------------------------------------------------------------------------------- */

static void
print_file (const char *title, const char *path)
{
  g_autofree char *contents = NULL;

  if (g_file_get_contents (path, &contents, NULL, NULL))
    g_test_message ("%s (%s):\n%s", title, path, contents);
}

static void
dump_server_files (ProsodyHarness *self)
{
  print_file ("Prosody's log", self->log_path);
  /* Its stdout says little but a Lua error that kept it from starting. */
  if (self->server == NULL || g_subprocess_get_identifier (self->server) == NULL)
    print_file ("Prosody's output", self->output_path);
}

static void harness_fail (ProsodyHarness *self, const char *format, ...)
  G_GNUC_PRINTF (2, 3) G_GNUC_NORETURN;

static void
harness_fail (ProsodyHarness *self, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (self != NULL)
    dump_server_files (self);
  g_error ("%s", message);
}

/* Bound and closed again: the port is free for Prosody to bind a moment later. The sockets of
 * one call stay open until all ports are chosen, so they differ. */
static void
pick_free_ports (guint16 *ports, guint n_ports)
{
  g_autoptr (GPtrArray) sockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  for (guint i = 0; i < n_ports; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
      g_autoptr (GSocketAddress) bound = NULL;
      GSocket *probe;

      probe
        = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
      if (probe == NULL || !g_socket_bind (probe, any_port, FALSE, &error)
          || (bound = g_socket_get_local_address (probe, &error)) == NULL)
        harness_fail (NULL, "Cannot find a free TCP port on 127.0.0.1: %s", error->message);
      g_ptr_array_add (sockets, probe);
      ports[i] = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
    }
}

static char *
prosody_config (ProsodyHarness *self)
{
  return g_strdup_printf (
    "-- Written by tests/support/prosody-harness.c for one test; removed with it.\n"
    "run_as_root = true -- test machines and containers often run as root\n"
    "pidfile = \"%s/prosody.pid\"\n"
    "data_path = \"%s/data\"\n"
    "certificates = \"%s/certs\"\n"
    "log = { info = \"%s\" }\n"
    "plugin_paths = {}\n"
    "admins = {}\n"
    "modules_enabled = { \"roster\", \"saslauth\", \"disco\", \"ping\", \"register\", \"smacks\",\n"
    "  \"websocket\", \"csi_simple\", \"posix\" }\n"
    "modules_disabled = { \"s2s\" } -- nothing leaves the machine\n"
    "authentication = \"internal_hashed\"\n"
    "storage = \"internal\"\n"
    "allow_registration = true\n"
    "registration_allowlist = { \"127.0.0.1\" } -- never throttled, whatever the defaults\n"
    "c2s_require_encryption = false\n"
    "allow_unencrypted_plain_auth = true\n"
    "consider_websocket_secure = true\n"
    "smacks_hibernation_time = 60\n"
    "interfaces = { \"127.0.0.1\" }\n"
    "c2s_interfaces = { \"127.0.0.1\" }\n"
    "c2s_ports = { %u }\n"
    "s2s_ports = {}\n"
    "component_ports = {}\n"
    "http_interfaces = { \"127.0.0.1\" }\n"
    "http_ports = { %u }\n"
    "https_ports = {}\n"
    "\n"
    "VirtualHost \"" DOMAIN "\"\n"
    "\n"
    "Component \"" MUC_SERVICE "\" \"muc\"\n"
    "  modules_enabled = { \"muc_mam\" }\n"
    "  muc_log_by_default = true\n"
    "  muc_log_all_rooms = true\n"
    "  muc_room_default_public = false\n"
    "\n"
    "Component \"" UPLOAD_SERVICE "\" \"http_file_share\"\n"
    "  http_file_share_size_limit = 10 * 1024 * 1024\n"
    "  -- The slot URLs must name the host the client reaches, else Prosody answers 404.\n"
    "  http_host = \"127.0.0.1\"\n"
    "  http_external_url = \"http://127.0.0.1:%u/\"\n",
    self->dir, self->dir, self->dir, self->log_path, self->c2s_port, self->http_port,
    self->http_port);
}

static void
write_config (ProsodyHarness *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *config = prosody_config (self);
  g_autofree char *data = g_build_filename (self->dir, "data", NULL);
  g_autofree char *certs = g_build_filename (self->dir, "certs", NULL);

  if (g_mkdir (data, 0700) != 0 || g_mkdir (certs, 0700) != 0)
    harness_fail (self, "Cannot create Prosody's folders in %s: %s", self->dir, g_strerror (errno));
  if (!g_file_set_contents (self->config_path, config, -1, &error))
    harness_fail (self, "Cannot write Prosody's configuration: %s", error->message);
}

/* Runs `prosodyctl --config FILE ARGS…`; fails the test with its output unless it succeeds. */
static void
run_prosodyctl (ProsodyHarness *self, const char *const *args)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) argv = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *output = NULL;

  g_strv_builder_add_many (builder, "prosodyctl", "--config", self->config_path, NULL);
  g_strv_builder_addv (builder, (const char **)args);
  argv = g_strv_builder_end (builder);
  process
    = g_subprocess_newv ((const char *const *)argv,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  if (process == NULL
      || !g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error))
    harness_fail (self, "Cannot run prosodyctl (is the prosody package installed?): %s",
                  error->message);
  if (!g_subprocess_get_successful (process))
    harness_fail (self, "`prosodyctl %s` failed:\n%s", args[0], output);
}

static void
die_with_parent (gpointer user_data)
{
  /* A test that aborts must not leave a server holding its ports. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
accepts_connections (guint16 port)
{
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr (GSocket) probe = NULL;

  probe = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  return probe != NULL && g_socket_connect (probe, address, NULL, NULL);
}

static void
launch_server (ProsodyHarness *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = started + LISTEN_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, self->output_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->server = g_subprocess_launcher_spawn (launcher, &error, "prosody", "-F", "--config",
                                              self->config_path, NULL);
  if (self->server == NULL)
    harness_fail (self, "Cannot start Prosody: %s", error->message);

  while (!accepts_connections (self->c2s_port) || !accepts_connections (self->http_port))
    {
      if (g_subprocess_get_identifier (self->server) == NULL)
        harness_fail (self, "Prosody exited before it accepted connections");
      if (g_get_monotonic_time () > deadline)
        harness_fail (self,
                      "Prosody did not accept connections on 127.0.0.1:%u and :%u within %d s",
                      self->c2s_port, self->http_port, LISTEN_TIMEOUT_MS / 1000);
      g_usleep (LISTEN_POLL_MS * G_TIME_SPAN_MILLISECOND);
    }
  g_test_message ("Prosody accepts connections after %" G_GINT64_FORMAT " ms",
                  (g_get_monotonic_time () - started) / G_TIME_SPAN_MILLISECOND);
}

/* Polls rather than blocks: GSubprocess reaps the child in GLib's worker thread, and the default
 * context keeps dispatching, so a peer can still empty its stdout pipe while it quits. */
gboolean
test_wait_for_exit (GSubprocess *process, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * G_TIME_SPAN_MILLISECOND;

  while (g_subprocess_get_identifier (process) != NULL)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * G_TIME_SPAN_MILLISECOND);
    }
  return TRUE;
}

static void
stop_server (ProsodyHarness *self, int first_signal, guint grace_ms)
{
  if (self->server == NULL)
    return;
  g_subprocess_send_signal (self->server, first_signal);
  if (!test_wait_for_exit (self->server, grace_ms))
    g_subprocess_force_exit (self->server);
  g_subprocess_wait (self->server, NULL, NULL);
  g_clear_object (&self->server);
}

/**
 * prosody_harness_start:
 *
 * Writes a Prosody configuration into a new temporary folder, checks it with `prosodyctl
 * check config` and starts Prosody on two free loopback ports (c2s and HTTP), waiting until
 * both accept connections. Fails the test, with Prosody's log, if any of it goes wrong.
 *
 * Returns: (transfer full): the running server
 */
ProsodyHarness *
prosody_harness_start (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ProsodyHarness) self = g_new0 (ProsodyHarness, 1);
  static const char *const check[] = { "check", "config", NULL };
  guint16 ports[2];

  self->dir = g_dir_make_tmp ("dc-prosody-XXXXXX", &error);
  if (self->dir == NULL)
    harness_fail (NULL, "Cannot create a folder for Prosody: %s", error->message);
  self->config_path = g_build_filename (self->dir, "prosody.cfg.lua", NULL);
  self->log_path = g_build_filename (self->dir, "prosody.log", NULL);
  self->output_path = g_build_filename (self->dir, "prosody.out", NULL);

  pick_free_ports (ports, G_N_ELEMENTS (ports));
  self->c2s_port = ports[0];
  self->http_port = ports[1];
  self->ws_url = g_strdup_printf ("ws://127.0.0.1:%u/xmpp-websocket", self->http_port);

  write_config (self);
  run_prosodyctl (self, check);
  launch_server (self);
  return g_steal_pointer (&self);
}

/**
 * test_remove_tree:
 * @path: a folder a test made
 *
 * Removes @path and everything in it.
 */
void
test_remove_tree (const char *path)
{
  GStatBuf info;

  if (g_lstat (path, &info) == 0 && S_ISDIR (info.st_mode))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          test_remove_tree (child);
        }
    }
  if (g_remove (path) != 0)
    g_test_message ("Cannot remove %s: %s", path, g_strerror (errno));
}

/**
 * prosody_harness_free:
 * @self: (transfer full) (nullable): the server
 *
 * Stops the server (SIGTERM, then SIGKILL after 3 s) and removes its folder, unless the
 * environment variable `DC_KEEP_PROSODY` is set. Prints Prosody's log if the test failed.
 */
void
prosody_harness_free (ProsodyHarness *self)
{
  if (self == NULL)
    return;
  if (self->dir != NULL && g_test_failed ())
    dump_server_files (self);
  stop_server (self, SIGTERM, STOP_TIMEOUT_MS);
  if (self->dir != NULL && g_getenv ("DC_KEEP_PROSODY") != NULL)
    g_test_message ("Prosody's configuration, data and log stay in %s", self->dir);
  else if (self->dir != NULL)
    test_remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->config_path);
  g_free (self->log_path);
  g_free (self->output_path);
  g_free (self->ws_url);
  g_free (self);
}

/**
 * prosody_harness_get_domain:
 * @self: the server
 *
 * Returns: the XMPP domain of the accounts, "localhost"
 */
const char *
prosody_harness_get_domain (ProsodyHarness *self)
{
  return DOMAIN;
}

/**
 * prosody_harness_get_muc:
 * @self: the server
 *
 * Returns: the multi-user chat service, whose rooms archive their messages (XEP-0313)
 */
const char *
prosody_harness_get_muc (ProsodyHarness *self)
{
  return MUC_SERVICE;
}

/**
 * prosody_harness_get_ws_url:
 * @self: the server
 *
 * Returns: the XMPP-over-WebSocket endpoint (RFC 7395), `ws://127.0.0.1:PORT/xmpp-websocket`
 */
const char *
prosody_harness_get_ws_url (ProsodyHarness *self)
{
  return self->ws_url;
}

/**
 * prosody_harness_get_c2s_port:
 * @self: the server
 *
 * Returns: the plain (no TLS) client port on 127.0.0.1
 */
guint16
prosody_harness_get_c2s_port (ProsodyHarness *self)
{
  return self->c2s_port;
}

/**
 * prosody_harness_get_data_dir:
 * @self: a #ProsodyHarness
 *
 * Returns: the folder of everything the server stores (accounts, rooms, archives)
 */
const char *
prosody_harness_get_data_dir (ProsodyHarness *self)
{
  return self->dir;
}

/**
 * prosody_harness_get_upload_service:
 * @self: the server
 *
 * Returns: the HTTP file upload service (XEP-0363), whose slots point at 127.0.0.1
 */
const char *
prosody_harness_get_upload_service (ProsodyHarness *self)
{
  return UPLOAD_SERVICE;
}

/**
 * prosody_harness_register:
 * @self: the server
 * @user: the account's local part
 * @password: its password
 *
 * Creates the account `user@localhost` with prosodyctl; fails the test if that fails.
 */
void
prosody_harness_register (ProsodyHarness *self, const char *user, const char *password)
{
  const char *const args[] = { "register", user, DOMAIN, password, NULL };

  run_prosodyctl (self, args);
}

/**
 * prosody_harness_kill:
 * @self: the server
 *
 * Kills the server with SIGKILL, as a crash would, and waits until it is gone.
 */
void
prosody_harness_kill (ProsodyHarness *self)
{
  stop_server (self, SIGKILL, 0);
}

/**
 * prosody_harness_pause:
 * @self: the server
 * @paused: stop (SIGSTOP) or continue (SIGCONT)
 *
 * A server that holds what it got without answering: a message sent now is neither lost nor
 * acknowledged until it continues.
 */
void
prosody_harness_pause (ProsodyHarness *self, gboolean paused)
{
  g_subprocess_send_signal (self->server, paused ? SIGSTOP : SIGCONT);
}

/**
 * prosody_harness_restart:
 * @self: the server
 *
 * Starts the server again with the same configuration, ports and data, killing it first if
 * it still runs, and waits until it accepts connections.
 */
void
prosody_harness_restart (ProsodyHarness *self)
{
  prosody_harness_kill (self);
  launch_server (self);
}

/* Peers ------------------------------------------------------------------------------------ */

static const char *
member_string (JsonObject *object, const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
peer_state (XmppPeer *self)
{
  if (g_subprocess_get_identifier (self->process) != NULL)
    return g_strdup ("still running");
  if (g_subprocess_get_if_exited (self->process))
    return g_strdup_printf ("exited with status %d", g_subprocess_get_exit_status (self->process));
  return g_strdup_printf ("killed by signal %d", g_subprocess_get_term_sig (self->process));
}

static void peer_fail (XmppPeer *self, const char *format, ...)
  G_GNUC_PRINTF (2, 3) G_GNUC_NORETURN;

static void
peer_fail (XmppPeer *self, const char *format, ...)
{
  g_autofree char *message = NULL;
  g_autofree char *state = peer_state (self);
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  harness_fail (self->harness, "Peer %s: %s\nIt is %s. What it said:\n%s", self->jid, message,
                state, self->transcript->len > 0 ? self->transcript->str : "(nothing)\n");
}

static void read_next_line (XmppPeer *self);

static void
on_line (GObject *source, GAsyncResult *result, gpointer user_data)
{
  XmppPeer *self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr (JsonNode) node = NULL;

  self->reading = FALSE;
  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                    &error);
  if (line == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_string_append_printf (self->transcript, "(reading failed: %s)\n", error->message);
      self->eof = TRUE;
      return;
    }
  g_string_append_printf (self->transcript, "%s\n", line);
  node = json_from_string (line, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    g_queue_push_tail (&self->events, json_node_dup_object (node));
  read_next_line (self);
}

static void
read_next_line (XmppPeer *self)
{
  self->reading = TRUE;
  g_data_input_stream_read_line_async (self->events_in, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_line, self);
}

static void
ignore_sigpipe_once (void)
{
  static gsize done = 0;

  /* A peer that died must fail the test with its story, not kill it with SIGPIPE. */
  if (g_once_init_enter (&done))
    {
      signal (SIGPIPE, SIG_IGN);
      g_once_init_leave (&done, 1);
    }
}

static GSubprocess *
spawn_peer (ProsodyHarness *harness, const char *jid, const char *password, va_list extra)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *port = g_strdup_printf ("%u", harness->c2s_port);
  g_auto (GStrv) argv = NULL;
  const char *arg;
  GSubprocess *process;

  g_strv_builder_add_many (
    builder, "/usr/bin/python3", g_test_get_filename (G_TEST_DIST, "support", "xmpp-peer.py", NULL),
    "--server", "127.0.0.1", "--port", port, "--jid", jid, "--password", password, NULL);
  while ((arg = va_arg (extra, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  argv = g_strv_builder_end (builder);

  launcher
    = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv, &error);
  if (process == NULL)
    harness_fail (harness, "Cannot start the XMPP peer %s (is python3-slixmpp installed?): %s", jid,
                  error->message);
  return process;
}

/**
 * xmpp_peer_start:
 * @harness: the server, which must outlive the peer
 * @jid: the account to log in as
 * @password: its password
 * @...: more arguments for tests/support/xmpp-peer.py (such as "--auto-join", "Desk"), then %NULL
 *
 * Starts a scripted XMPP client and waits until it is online; fails the test if it cannot log in.
 *
 * Returns: (transfer full): the peer
 */
XmppPeer *
xmpp_peer_start (ProsodyHarness *harness, const char *jid, const char *password, ...)
{
  XmppPeer *self = g_new0 (XmppPeer, 1);
  va_list extra;

  ignore_sigpipe_once ();
  self->harness = harness;
  self->jid = g_strdup (jid);
  self->transcript = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->events);

  va_start (extra, password);
  self->process = spawn_peer (harness, jid, password, extra);
  va_end (extra);
  self->commands = g_object_ref (g_subprocess_get_stdin_pipe (self->process));
  self->events_in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  read_next_line (self);

  json_object_unref (xmpp_peer_wait (self, "online"));
  return self;
}

/**
 * xmpp_peer_free:
 * @self: (transfer full) (nullable): the peer
 *
 * Asks the peer to log out and quit, and kills it if it has not within 2 s. Prints what it
 * said if the test failed.
 */
void
xmpp_peer_free (XmppPeer *self)
{
  static const char quit[] = "{\"cmd\":\"quit\"}\n";

  if (self == NULL)
    return;
  if (g_subprocess_get_identifier (self->process) != NULL)
    {
      g_output_stream_write_all (self->commands, quit, strlen (quit), NULL, NULL, NULL);
      if (!test_wait_for_exit (self->process, PEER_QUIT_MS))
        g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  g_cancellable_cancel (self->cancellable);
  while (self->reading)
    g_main_context_iteration (NULL, TRUE);
  if (g_test_failed ())
    g_test_message ("Peer %s said:\n%s", self->jid, self->transcript->str);

  g_queue_clear_full (&self->events, (GDestroyNotify)json_object_unref);
  g_string_free (self->transcript, TRUE);
  g_clear_object (&self->events_in);
  g_clear_object (&self->commands);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);
  g_free (self->jid);
  g_free (self);
}

/**
 * xmpp_peer_send:
 * @self: the peer
 * @json: one command, a JSON object on one line, such as `{"cmd":"send","to":…,"body":…}`
 *
 * Sends a command to the peer; see tests/support/xmpp-peer.py for the commands.
 */
void
xmpp_peer_send (XmppPeer *self, const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *line = g_strconcat (json, "\n", NULL);

  g_assert_null (strchr (json, '\n'));
  if (!g_output_stream_write_all (self->commands, line, strlen (line), NULL, NULL, &error))
    peer_fail (self, "cannot send it %s: %s", json, error->message);
}

/* Takes the oldest queued event that matches; an error event the test does not wait for fails
 * it at once, with the peer's own words, instead of after a timeout. */
static JsonObject *
take_event (XmppPeer *self, const char *event, const char *member, const char *value)
{
  for (GList *link = self->events.head; link != NULL; link = link->next)
    {
      JsonObject *object = link->data;
      const char *name = member_string (object, "event");

      if (g_strcmp0 (name, event) == 0
          && (member == NULL || g_strcmp0 (member_string (object, member), value) == 0))
        {
          g_queue_delete_link (&self->events, link);
          return object;
        }
      if (g_strcmp0 (name, "error") == 0 && g_strcmp0 (event, "error") != 0)
        peer_fail (self, "reported an error while the test waited for \"%s\": %s", event,
                   member_string (object, "message"));
    }
  return NULL;
}

static gboolean
set_flag (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * xmpp_peer_sendf:
 * @self: a peer
 * @format: a printf() format giving one JSON command
 *
 * As xmpp_peer_send(), the command written with a format.
 */
void
xmpp_peer_sendf (XmppPeer *self, const char *format, ...)
{
  g_autofree char *command = NULL;
  va_list args;

  va_start (args, format);
  command = g_strdup_vprintf (format, args);
  va_end (args);
  xmpp_peer_send (self, command);
}

/**
 * xmpp_peer_wait_for:
 * @self: the peer
 * @event: the "event" member to wait for
 * @member: (nullable): a member that must also match, or %NULL
 * @value: (nullable): the string @member must have
 *
 * Like xmpp_peer_wait(), but only for an event whose string @member is @value, such as a
 * "message" whose "body" is "hello".
 *
 * Returns: (transfer full): the event
 */
JsonObject *
xmpp_peer_wait_for (XmppPeer *self, const char *event, const char *member, const char *value)
{
  g_autoptr (GSource) timeout = g_timeout_source_new (PEER_WAIT_MS);
  gboolean timed_out = FALSE;
  JsonObject *found;

  g_source_set_callback (timeout, set_flag, &timed_out, NULL);
  g_source_attach (timeout, NULL);
  while ((found = take_event (self, event, member, value)) == NULL && !timed_out && !self->eof)
    g_main_context_iteration (NULL, TRUE);
  g_source_destroy (timeout);

  if (found == NULL && member != NULL)
    peer_fail (self, "no \"%s\" event with %s \"%s\" %s", event, member, value,
               timed_out ? "within 20 s" : "before it stopped talking");
  if (found == NULL)
    peer_fail (self, "no \"%s\" event %s", event,
               timed_out ? "within 20 s" : "before it stopped talking");
  return found;
}

/**
 * xmpp_peer_wait:
 * @self: the peer
 * @event: the "event" member to wait for
 *
 * Iterates the default main context until the peer reports @event, for 20 s at most; fails
 * the test, with all the peer said, if it does not, if it reports an error or if it exits.
 * Other events stay queued, in order, for later waits.
 *
 * Returns: (transfer full): the event
 */
JsonObject *
xmpp_peer_wait (XmppPeer *self, const char *event)
{
  return xmpp_peer_wait_for (self, event, NULL, NULL);
}
