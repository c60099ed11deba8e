/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test-desk"

#include "desk-run.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#define WAIT_MS 20000
#define STOP_MS 3000

/* Lines from a pipe, read as they come: what is waited for is taken, the rest stays. */
typedef struct
{
  const char *name; /* shown before each line in the test's log, or NULL */
  GDataInputStream *in;
  GCancellable *cancellable;
  GQueue lines; /* char*, not yet taken */
  GString *all; /* everything, for a failing test's log */
  gboolean reading;
  gboolean eof;
} Lines;

static void read_next (Lines *lines);

static void
line_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Lines *lines = user_data;
  char *line
    = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);

  lines->reading = FALSE;
  if (line == NULL)
    {
      lines->eof = TRUE;
      return;
    }
  g_string_append_printf (lines->all, "%s\n", line);
  /* As it comes: a test that aborts still shows what led there. */
  if (lines->name != NULL)
    g_test_message ("%s: %s", lines->name, line);
  g_queue_push_tail (&lines->lines, line);
  read_next (lines);
}

static void
read_next (Lines *lines)
{
  lines->reading = TRUE;
  g_data_input_stream_read_line_async (lines->in, G_PRIORITY_DEFAULT, lines->cancellable, line_cb,
                                       lines);
}

static void
lines_init (Lines *lines, GInputStream *stream)
{
  lines->in = g_data_input_stream_new (stream);
  lines->cancellable = g_cancellable_new ();
  lines->all = g_string_new (NULL);
  g_queue_init (&lines->lines);
  read_next (lines);
}

static void
lines_clear (Lines *lines)
{
  g_cancellable_cancel (lines->cancellable);
  while (lines->reading)
    g_main_context_iteration (NULL, TRUE);
  g_queue_clear_full (&lines->lines, g_free);
  g_string_free (lines->all, TRUE);
  g_clear_object (&lines->in);
  g_clear_object (&lines->cancellable);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until @found returns a line (its index in the queue) or 20 s pass. */
typedef gboolean (*LineMatch) (const char *line, gconstpointer data);

static char *
lines_take (Lines *lines, LineMatch match, gconstpointer data)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add (WAIT_MS, flag_cb, &timed_out);

  for (;;)
    {
      for (GList *l = lines->lines.head; l != NULL; l = l->next)
        if (match (l->data, data))
          {
            char *line = l->data;
            g_queue_delete_link (&lines->lines, l);
            g_source_remove (timeout);
            return line;
          }
      if (timed_out || (lines->eof && !lines->reading))
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  if (!timed_out)
    g_source_remove (timeout);
  return NULL;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* The desk -------------------------------------------------------------------------------------- */

struct _DeskProcess
{
  GSubprocess *process;
  Lines log;
};

DeskProcess *
desk_process_start (const char *config_path)
{
  g_autoptr (GSubprocessLauncher) launcher
    = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GError) error = NULL;
  DeskProcess *self = g_new0 (DeskProcess, 1);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("DC_DESK"), "--config",
                                               config_path, NULL);
  g_assert_no_error (error);
  self->log.name = "desk";
  lines_init (&self->log, g_subprocess_get_stderr_pipe (self->process));
  return self;
}

static gboolean
contains (const char *line, gconstpointer text)
{
  return strstr (line, text) != NULL;
}

void
desk_process_wait_log (DeskProcess *self, const char *text)
{
  g_autofree char *line = lines_take (&self->log, contains, text);

  if (line == NULL)
    g_error ("The desk did not log “%s”. Its log:\n%s", text, self->log.all->str);
}

void
desk_process_kill (DeskProcess *self)
{
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
}

void
desk_process_free (DeskProcess *self)
{
  if (self == NULL)
    return;
  if (g_subprocess_get_identifier (self->process) != NULL)
    {
      g_subprocess_send_signal (self->process, SIGTERM);
      if (!test_wait_for_exit (self->process, STOP_MS))
        g_subprocess_force_exit (self->process);
      g_subprocess_wait (self->process, NULL, NULL);
    }
  while (!self->log.eof && self->log.reading)
    g_main_context_iteration (NULL, TRUE);
  lines_clear (&self->log);
  g_object_unref (self->process);
  g_free (self);
}

JsonObject *
desk_stats (const char *config_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (JsonNode) node = NULL;

  process
    = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                        g_getenv ("DC_DESK"), "--config", config_path, "--stats", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("device-care-desk --stats failed: %s", err);
  g_test_message ("--stats: %s", out);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (node));
}

/* The customer ------------------------------------------------------------------------------ */

struct _Customer
{
  GSubprocess *process;
  GOutputStream *input;
  Lines events;
  GPtrArray *seen; /* JsonObject, every event read */
};

Customer *
customer_start (ProsodyHarness *harness, const char *home, const char *language, const char *share,
                const char *problem)
{
  g_autoptr (GSubprocessLauncher) launcher
    = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "data", "device", "pinephone", NULL);
  g_autofree char *share_arg = g_strdup_printf ("--share=%s", share ? share : "");
  g_autoptr (GError) error = NULL;
  Customer *self = g_new0 (Customer, 1);

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "DEVICE_CARE_ROOT", root, TRUE);
  g_subprocess_launcher_setenv (launcher, "DEVICE_CARE_VENDOR_CONF", "/nonexistent", TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SYSTEM_BUS_ADDRESS",
                                "unix:path=/nonexistent/system_bus_socket", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (
    launcher, &error, g_getenv ("DC_TOOL"), "chat", "--service",
    prosody_harness_get_ws_url (harness), "--domain", prosody_harness_get_domain (harness),
    "--desk", "desk@localhost", "--rooms", prosody_harness_get_muc (harness), share_arg,
    "--problem", problem, NULL);
  g_assert_no_error (error);
  self->input = g_subprocess_get_stdin_pipe (self->process);
  self->seen = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  lines_init (&self->events, g_subprocess_get_stdout_pipe (self->process));
  return self;
}

void
customer_write (Customer *self, const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  g_autoptr (GError) error = NULL;

  g_output_stream_write_all (self->input, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

typedef struct
{
  const char *type, *member, *value;
} EventMatch;

static gboolean
event_matches (JsonObject *event, const EventMatch *match)
{
  const char *value;

  if (g_strcmp0 (json_object_get_string_member_with_default (event, "type", NULL), match->type)
      != 0)
    return FALSE;
  if (match->member == NULL)
    return TRUE;
  value = json_object_get_string_member_with_default (event, match->member, NULL);
  return value != NULL && strstr (value, match->value) != NULL;
}

static gboolean
line_matches (const char *line, gconstpointer data)
{
  g_autoptr (JsonNode) node = json_from_string (line, NULL);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node)
         && event_matches (json_node_get_object (node), data);
}

/* Every line read so far goes to the history once. */
static void
record (Customer *self)
{
  guint seen_lines = self->seen->len;
  g_auto (GStrv) all = g_strsplit (self->events.all->str, "\n", -1);

  for (guint i = seen_lines; all[i] != NULL && *all[i] != '\0'; i++)
    {
      g_autoptr (JsonNode) node = json_from_string (all[i], NULL);
      g_test_message ("customer: %s", all[i]);
      g_ptr_array_add (self->seen, node && JSON_NODE_HOLDS_OBJECT (node)
                                     ? json_node_dup_object (node)
                                     : json_object_new ());
    }
}

JsonObject *
customer_wait (Customer *self, const char *type, const char *member, const char *value)
{
  EventMatch match = { type, member, value };
  g_autofree char *line = lines_take (&self->events, line_matches, &match);
  g_autoptr (JsonNode) node = NULL;

  record (self);
  if (line == NULL)
    g_error ("No {\"type\":\"%s\"%s%s%s} from the customer. It said:\n%s", type,
             member ? ", \"" : "", member ? member : "", member ? "\": …" : "",
             self->events.all->str);
  node = json_from_string (line, NULL);
  return json_node_dup_object (node);
}

guint
customer_count (Customer *self, const char *type, const char *member, const char *value)
{
  EventMatch match = { type, member, value };
  guint count = 0;

  g_main_context_iteration (NULL, FALSE);
  record (self);
  for (guint i = 0; i < self->seen->len; i++)
    if (event_matches (g_ptr_array_index (self->seen, i), &match))
      count++;
  return count;
}

void
customer_free (Customer *self)
{
  if (self == NULL)
    return;
  g_subprocess_force_exit (self->process);
  g_subprocess_wait (self->process, NULL, NULL);
  while (!self->events.eof && self->events.reading)
    g_main_context_iteration (NULL, TRUE);
  if (g_test_failed ())
    g_test_message ("The customer said:\n%s", self->events.all->str);
  lines_clear (&self->events);
  g_ptr_array_unref (self->seen);
  g_object_unref (self->process);
  g_free (self);
}

/* Peers ----------------------------------------------------------------------------------------- */

JsonObject *
peer_wait_containing (XmppPeer *peer, const char *event, const char *member, const char *value)
{
  for (;;)
    {
      JsonObject *found = xmpp_peer_wait (peer, event);
      const char *text = json_object_get_string_member_with_default (found, member, NULL);

      if (text != NULL && strstr (text, value) != NULL)
        return found;
      json_object_unref (found);
    }
}
