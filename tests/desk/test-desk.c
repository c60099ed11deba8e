/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-test-desk"

#include <glib/gstdio.h>
#include <string.h>

#include "desk-run.h"
#include "prosody-harness.h"

/* device-care-desk against the real thing: Prosody started by the harness, the built desk as a
 * process, `device-care-tool chat` as the customer and slixmpp agents. */

#define SERIAL "deadbeef00c0ffee" /* tests/data/device/pinephone's, never shared here */

typedef struct
{
  ProsodyHarness *harness;
  char *dir; /* the desk's configuration, database, knowledge base; the customers' homes */
  char *config;
  DeskProcess *desk;
  XmppPeer *agent;
} Fixture;

static const char knowledge[]
  = "{\"en\": [{\"keywords\": [\"battery\", \"drain\"], \"answer\": \"Lower the screen "
    "brightness and look in Settings for apps that keep the phone awake.\"}],\n"
    " \"de\": [{\"keywords\": [\"Akku\", \"leer\"], \"answer\": \"Verringern Sie die "
    "Helligkeit.\"}]}\n";

static const char vendor[] = "[Vendor]\nName=Test Phones\n\n"
                             "[Channel always]\nType=hotline\nCountry=DE\n"
                             "Address=+49 30 1111 1111\nHours=24/7\n\n"
                             "[Channel never]\nType=hotline\nCountry=DE\n"
                             "Address=+49 30 2222 2222\nHours=off\n\n"
                             "[Channel mail]\nType=email\nAddress=help@example.com\n";

static void
write_file (Fixture *fixture, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* @extra: more groups, such as [Hours] or [Limits]. */
static void
write_config (Fixture *fixture, const char *extra)
{
  g_autofree char *text
    = g_strdup_printf ("[Server]\nService=%s\nDomain=localhost\nRoomService=%s\n\n"
                       "[Account]\nUsername=desk\nPassword=desk-secret\n\n"
                       "[Agents]\nAddresses=agent@localhost;agent2@localhost\n\n"
                       "[Knowledge]\nFile=knowledge.json\n\n"
                       "[Database]\nPath=desk.db\n\n"
                       "[Channels]\nVendorConfig=vendor.conf\nCountry=DE\n\n"
                       "[Queue]\nDefaultWait=120\n\n%s",
                       prosody_harness_get_ws_url (fixture->harness),
                       prosody_harness_get_muc (fixture->harness), extra ? extra : "");

  write_file (fixture, "desk.conf", text);
}

static void
set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->harness = prosody_harness_start ();
  prosody_harness_register (fixture->harness, "desk", "desk-secret");
  prosody_harness_register (fixture->harness, "agent", "agent-secret");
  prosody_harness_register (fixture->harness, "agent2", "agent2-secret");
  fixture->dir = g_dir_make_tmp ("dc-desk-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->config = g_build_filename (fixture->dir, "desk.conf", NULL);
  write_file (fixture, "knowledge.json", knowledge);
  write_file (fixture, "vendor.conf", vendor);
  write_config (fixture, data);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_pointer (&fixture->desk, desk_process_free);
  g_clear_pointer (&fixture->agent, xmpp_peer_free);
  g_clear_pointer (&fixture->harness, prosody_harness_free);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->config);
}

static void
start_desk (Fixture *fixture)
{
  fixture->desk = desk_process_start (fixture->config);
  desk_process_wait_log (fixture->desk, "Online as desk@localhost");
}

/* The agent first, so the desk finds them online; it joins every room it is invited to. */
static void
start_agent_and_desk (Fixture *fixture)
{
  fixture->agent = xmpp_peer_start (fixture->harness, "agent@localhost", "agent-secret",
                                    "--auto-join", "Alice", NULL);
  start_desk (fixture);
  desk_process_wait_log (fixture->desk, "Agent agent@localhost is available");
}

static Customer *
start_customer (Fixture *fixture, const char *name, const char *language, const char *share,
                const char *problem)
{
  g_autofree char *home = g_build_filename (fixture->dir, name, NULL);

  g_mkdir (home, 0700);
  return customer_start (fixture->harness, home, language, share, problem);
}

static void
agent_send (Fixture *fixture, const char *to, const char *type, const char *body)
{
  g_autofree char *command = g_strdup_printf (
    "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"%s\",\"body\":\"%s\"}", to, type, body);

  xmpp_peer_send (fixture->agent, command);
}

static void
agent_presence (Fixture *fixture, const char *show)
{
  g_autofree char *command = g_strdup_printf ("{\"cmd\":\"presence\",\"show\":\"%s\"}", show);

  xmpp_peer_send (fixture->agent, command);
}

/* The room of the agent's next invitation, once they are in it and have the facts, whose
 * message must contain @fact. */
static char *
agent_takes (Fixture *fixture, const char *fact)
{
  g_autoptr (JsonObject) invite = xmpp_peer_wait (fixture->agent, "invite");
  g_autoptr (JsonObject) briefing = NULL;
  const char *body;

  briefing = peer_wait_containing (fixture->agent, "message", "body", "A customer for you");
  body = json_object_get_string_member (briefing, "body");
  g_assert_cmpstr (json_object_get_string_member (briefing, "type"), ==, "chat");
  g_assert_cmpstr (json_object_get_string_member (briefing, "room"), ==,
                   json_object_get_string_member (invite, "room"));
  g_assert_nonnull (strstr (body, fact));
  g_assert_null (strstr (body, SERIAL));
  return g_strdup (json_object_get_string_member (invite, "room"));
}

static gint64
member_int (JsonObject *object, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  guint last = g_strv_length (parts) - 1;

  for (guint i = 0; i < last; i++)
    object = json_object_get_object_member (object, parts[i]);
  return json_object_get_int_member (object, parts[last]);
}

static gboolean
file_contains (const char *path, const char *text)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, text, strlen (text)) != NULL;
}

/* Greeting, the form with consent, the queue, the agent, the talk, /resolve, the rating. */
static void
test_whole_flow (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Customer) customer = NULL;
  g_autoptr (JsonObject) form = NULL, answer = NULL, queued = NULL, event = NULL;
  g_autoptr (JsonObject) stats = NULL;
  g_autofree char *room = NULL;
  g_autofree char *db = g_build_filename (fixture->dir, "desk.db", NULL);
  g_autofree char *wal = g_build_filename (fixture->dir, "desk.db-wal", NULL);
  JsonObject *fields;

  start_agent_and_desk (fixture);
  customer = start_customer (fixture, "customer", "de_DE", "model,os",
                             "Das Telefon startet immer wieder neu.");
  /* In the customer's language, the form's labels too. */
  event = customer_wait (customer, "message", "body", "Hallo, hier ist der Support");
  form = customer_wait (customer, "form", "form_type", "urn:devicecare:support:prechat");
  fields = json_object_get_object_member (form, "fields");
  g_assert_cmpstr (json_object_get_string_member (fields, "serial"), ==, "Seriennummer");
  g_assert_cmpstr (json_object_get_string_member (fields, "description"), ==, "Worum geht es?");
  /* Only what the customer agreed to share. */
  answer = customer_wait (customer, "form-answer", NULL, NULL);
  g_assert_false (
    json_object_has_member (json_object_get_object_member (answer, "fields"), "serial"));
  queued = customer_wait (customer, "state", "state", "queued");
  g_assert_cmpint (json_object_get_int_member (queued, "position"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (queued, "wait"), ==, 120);
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "message", "body", "Sie sind Nummer 1 in der Warteschlange");

  room = agent_takes (fixture, "Problem: Das Telefon startet immer wieder neu.");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "state", "state", "with-agent");
  agent_send (fixture, room, "groupchat", "Hallo, hier ist Alice.");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "message", "body", "hier ist Alice");
  g_assert_cmpstr (json_object_get_string_member (event, "from"), ==, "agent");
  customer_write (customer, "Es passiert seit dem Update.");
  json_object_unref (peer_wait_containing (fixture->agent, "message", "body", "seit dem Update"));

  agent_send (fixture, room, "groupchat", "/resolve");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "form", "form_type", "urn:devicecare:support:rating");
  customer_write (customer, "/rate 5 Sehr freundlich");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "message", "body", "Danke für Ihre Bewertung");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "state", "state", "closed");

  stats = desk_stats (fixture->config);
  g_assert_cmpint (member_int (stats, "sessions.closed"), ==, 1);
  g_assert_cmpint (member_int (stats, "handled.agent@localhost"), ==, 1);
  g_assert_cmpint (member_int (stats, "ratings.count"), ==, 1);
  g_assert_cmpfloat (
    json_object_get_double_member (json_object_get_object_member (stats, "ratings"), "mean"), ==,
    5.0);
  g_assert_false (json_object_get_null_member (stats, "median_wait"));
  /* What the customer did not share is nowhere in the desk's files. */
  g_assert_true (file_contains (db, "Das Telefon startet") || file_contains (wal, "Das Telefon"));
  g_assert_false (file_contains (db, SERIAL));
  g_assert_false (file_contains (wal, SERIAL));
}

/* One agent, two customers: places 1 and 2, the second moves up, then is served. */
static void
test_two_customers (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Customer) first = NULL, second = NULL;
  g_autoptr (JsonObject) event = NULL, queued = NULL, stats = NULL;
  g_autofree char *room_first = NULL, *room_second = NULL;

  start_agent_and_desk (fixture);
  agent_presence (fixture, "away");
  desk_process_wait_log (fixture->desk, "Agent agent@localhost is not available");

  first = start_customer (fixture, "first", "en", "model", "The screen flickers.");
  queued = customer_wait (first, "state", "state", "queued");
  g_assert_cmpint (json_object_get_int_member (queued, "position"), ==, 1);
  g_clear_pointer (&queued, json_object_unref);
  second = start_customer (fixture, "second", "en", "model", "The camera app crashes.");
  queued = customer_wait (second, "state", "state", "queued");
  g_assert_cmpint (json_object_get_int_member (queued, "position"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (queued, "wait"), ==, 240);

  agent_presence (fixture, "available");
  room_first = agent_takes (fixture, "The screen flickers.");
  event = customer_wait (first, "state", "state", "with-agent");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (second, "message", "body", "You are now number 1 in the queue");

  agent_send (fixture, room_first, "groupchat", "/resolve");
  room_second = agent_takes (fixture, "The camera app crashes.");
  g_assert_cmpstr (room_first, !=, room_second);
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (second, "state", "state", "with-agent");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (first, "form", "form_type", "urn:devicecare:support:rating");
  customer_write (first, "/rate 4");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (first, "state", "state", "closed");

  stats = desk_stats (fixture->config);
  g_assert_cmpint (member_int (stats, "sessions.closed"), ==, 1);
  g_assert_cmpint (member_int (stats, "sessions.with-agent"), ==, 1);
  g_assert_cmpint (member_int (stats, "sessions.queued"), ==, 0);
  g_assert_cmpint (member_int (stats, "ratings.count"), ==, 1);
}

static char *
hours_tomorrow (void)
{
  static const char *const days[] = { "Mo", "Tu", "We", "Th", "Fr", "Sa", "Su" };
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);

  return g_strdup_printf ("[Hours]\nOpeningHours=%s 09:00-17:00\nTimeZone=UTC\n",
                          days[g_date_time_get_day_of_week (tomorrow) - 1]);
}

/* Closed: when the desk opens, and the channels that are open now; no form, no queue. */
static void
test_outside_hours (Fixture *fixture, gconstpointer data)
{
  g_autofree char *hours = hours_tomorrow ();
  g_autoptr (Customer) customer = NULL;
  g_autoptr (JsonObject) notice = NULL, closed = NULL, stats = NULL;
  const char *body;

  write_config (fixture, hours);
  start_desk (fixture);
  customer = start_customer (fixture, "customer", "de_DE", "", "Mein Akku ist leer.");
  notice = customer_wait (customer, "message", "body", "Der Support ist jetzt geschlossen");
  body = json_object_get_string_member (notice, "body");
  g_test_message ("%s", body);
  g_assert_nonnull (strstr (body, "Er öffnet wieder morgen um 09:00 (UTC)."));
  g_assert_nonnull (strstr (body, "Jetzt erreichen Sie uns so:"));
  g_assert_nonnull (strstr (body, "Hotline: +49 30 1111 1111"));
  g_assert_nonnull (strstr (body, "E-Mail: help@example.com"));
  g_assert_null (strstr (body, "2222"));
  closed = customer_wait (customer, "state", "state", "closed");
  g_assert_cmpuint (customer_count (customer, "form", NULL, NULL), ==, 0);

  stats = desk_stats (fixture->config);
  g_assert_cmpint (member_int (stats, "sessions.closed"), ==, 1);
}

/* Killed with one customer at the agent and one waiting; the agent resolves while the desk is
 * down. Started again, it finds both where they were and carries on. */
static void
test_restart (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Customer) first = NULL, second = NULL;
  g_autoptr (JsonObject) event = NULL, queued = NULL, echo = NULL, stats = NULL;
  g_autofree char *room_first = NULL, *room_second = NULL;

  start_agent_and_desk (fixture);
  first = start_customer (fixture, "first", "en", "", "My phone reboots at night.");
  room_first = agent_takes (fixture, "reboots at night");
  event = customer_wait (first, "state", "state", "with-agent");
  second = start_customer (fixture, "second", "en", "", "The speaker crackles.");
  queued = customer_wait (second, "state", "state", "queued");
  g_assert_cmpint (json_object_get_int_member (queued, "position"), ==, 1);

  desk_process_kill (fixture->desk);
  g_clear_pointer (&fixture->desk, desk_process_free);
  agent_send (fixture, room_first, "groupchat", "/resolve");
  /* The room has it (and so its archive) before the desk comes back. */
  echo = peer_wait_containing (fixture->agent, "message", "body", "/resolve");
  g_assert_true (json_object_get_boolean_member (echo, "self"));

  start_desk (fixture);
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (first, "form", "form_type", "urn:devicecare:support:rating");
  room_second = agent_takes (fixture, "The speaker crackles.");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (second, "state", "state", "with-agent");
  customer_write (first, "/rate 3 ok");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (first, "state", "state", "closed");

  /* Nothing twice: one greeting each, one rating form. */
  g_assert_cmpuint (customer_count (first, "message", "body", "Hello, this is the support desk"),
                    ==, 1);
  g_assert_cmpuint (customer_count (second, "message", "body", "Hello, this is the support desk"),
                    ==, 1);
  g_assert_cmpuint (customer_count (first, "form", "form_type", "rating"), ==, 1);
  stats = desk_stats (fixture->config);
  g_assert_cmpint (member_int (stats, "ratings.count"), ==, 1);
  g_assert_cmpint (member_int (stats, "sessions.with-agent"), ==, 1);
  g_assert_cmpint (member_int (stats, "sessions.closed"), ==, 1);
}

/* "/resolve" from the customer is text; from the agent, a command. */
static void
test_customer_command (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Customer) customer = NULL;
  g_autoptr (JsonObject) event = NULL, stats = NULL;
  g_autofree char *room = NULL;
  g_autofree char *desk_nick = NULL;

  start_agent_and_desk (fixture);
  customer = start_customer (fixture, "customer", "en", "", "The phone is slow.");
  room = agent_takes (fixture, "The phone is slow.");
  event = customer_wait (customer, "state", "state", "with-agent");

  customer_write (customer, "/resolve");
  g_clear_pointer (&event, json_object_unref);
  event = peer_wait_containing (fixture->agent, "message", "body", "/resolve");
  g_assert_cmpstr (json_object_get_string_member (event, "nick"), ==, "customer");
  /* A private note, after the customer's message: once the desk saved it, it has read theirs. */
  desk_nick = g_strdup_printf ("%s/Support", room);
  agent_send (fixture, desk_nick, "chat", "/note The customer typed a command.");
  g_clear_pointer (&event, json_object_unref);
  event = peer_wait_containing (fixture->agent, "message", "body", "Note saved.");
  stats = desk_stats (fixture->config);
  g_assert_cmpint (member_int (stats, "sessions.with-agent"), ==, 1);
  g_assert_cmpint (member_int (stats, "sessions.rating"), ==, 0);
  g_assert_cmpuint (customer_count (customer, "form", "form_type", "rating"), ==, 0);

  agent_send (fixture, desk_nick, "chat", "/resolve");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "form", "form_type", "urn:devicecare:support:rating");
  g_assert_cmpuint (customer_count (customer, "form", "form_type", "rating"), ==, 1);
}

/* The knowledge base answers; writing again asks for a person. */
static void
test_knowledge (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Customer) customer = NULL;
  g_autoptr (JsonObject) answer = NULL, queued = NULL;

  start_desk (fixture);
  customer = start_customer (fixture, "customer", "en", "", "My battery drains overnight.");
  answer = customer_wait (customer, "message", "body", "This may help:");
  g_assert_nonnull (
    strstr (json_object_get_string_member (answer, "body"), "Lower the screen brightness"));
  g_assert_cmpuint (customer_count (customer, "state", "state", "queued"), ==, 0);
  customer_write (customer, "That did not help.");
  queued = customer_wait (customer, "state", "state", "queued");
  g_assert_cmpint (json_object_get_int_member (queued, "position"), ==, 1);
}

static void
peer_opens_room (XmppPeer *peer, const char *room)
{
  g_autofree char *create
    = g_strdup_printf ("{\"cmd\":\"create_room\",\"room\":\"%s\",\"nick\":\"customer\","
                       "\"config\":{\"muc#roomconfig_whois\":\"anyone\"}}",
                       room);
  g_autofree char *invite = g_strdup_printf (
    "{\"cmd\":\"invite\",\"room\":\"%s\",\"jid\":\"desk@localhost\",\"reason\":\"fr_FR\"}", room);

  xmpp_peer_send (peer, create);
  json_object_unref (xmpp_peer_wait_for (peer, "joined", "room", room));
  xmpp_peer_send (peer, invite);
}

/* A customer who is not the app: too many sessions, answers too long, messages too fast. */
static void
test_limits (Fixture *fixture, gconstpointer data)
{
  g_autoptr (XmppPeer) customer = NULL;
  g_autoptr (JsonObject) event = NULL, stats = NULL;
  g_autofree char *form = NULL;
  g_autofree char *chat = NULL;
  g_autofree char *long_text = g_strnfill (101, 'a');
  const char *first = "limits-one@rooms.localhost";
  const char *second = "limits-two@rooms.localhost";

  prosody_harness_register (fixture->harness, "customer", "customer-secret");
  customer = xmpp_peer_start (fixture->harness, "customer@localhost", "customer-secret", NULL);
  start_desk (fixture);
  peer_opens_room (customer, first);
  event = peer_wait_containing (customer, "message", "body", "Bonjour, ici le service");

  form = g_strdup_printf (
    "{\"cmd\":\"form\",\"to\":\"%s\",\"type\":\"groupchat\",\"form_type\":\"submit\","
    "\"fields\":[{\"var\":\"FORM_TYPE\",\"type\":\"hidden\",\"value\":"
    "\"urn:devicecare:support:prechat\"},{\"var\":\"description\",\"value\":\"%s\"}]}",
    first, long_text);
  xmpp_peer_send (customer, form);
  g_clear_pointer (&event, json_object_unref);
  event = peer_wait_containing (customer, "message", "body", "Une réponse est trop longue");

  /* One open session per account here: the second room is refused, in words. */
  peer_opens_room (customer, second);
  g_clear_pointer (&event, json_object_unref);
  event = peer_wait_containing (customer, "message", "body", "Vous avez déjà une discussion");
  g_assert_cmpstr (json_object_get_string_member (event, "room"), ==, second);

  /* The form answer counted: three more messages are one too many for three a minute. */
  for (guint i = 0; i < 3; i++)
    {
      g_free (chat);
      chat = g_strdup_printf (
        "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"groupchat\",\"body\":\"%u\"}", first, i);
      xmpp_peer_send (customer, chat);
    }
  g_clear_pointer (&event, json_object_unref);
  event = peer_wait_containing (customer, "message", "body", "Vous écrivez plus vite");
  g_assert_cmpstr (json_object_get_string_member (event, "room"), ==, first);

  stats = desk_stats (fixture->config);
  g_assert_cmpint (member_int (stats, "sessions.form"), ==, 1);
  g_assert_cmpint (member_int (stats, "sessions.closed"), ==, 0);
}

/* The server restarts under a waiting customer: the desk signs in again, goes back into the
 * room, and hands the customer to the agent who comes online after. */
static void
test_server_restart (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Customer) customer = NULL;
  g_autoptr (JsonObject) queued = NULL, event = NULL;
  g_autofree char *room = NULL;

  start_desk (fixture);
  customer = start_customer (fixture, "customer", "en", "", "No sound in calls.");
  queued = customer_wait (customer, "state", "state", "queued");

  prosody_harness_restart (fixture->harness);
  desk_process_wait_log (fixture->desk, "Lost the connection");
  desk_process_wait_log (fixture->desk, "Online as desk@localhost");
  fixture->agent = xmpp_peer_start (fixture->harness, "agent@localhost", "agent-secret",
                                    "--auto-join", "Alice", NULL);
  room = agent_takes (fixture, "No sound in calls.");
  event = customer_wait (customer, "state", "state", "with-agent");
  agent_send (fixture, room, "groupchat", "/resolve");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "form", "form_type", "urn:devicecare:support:rating");
}

/* An agent hands the customer to a colleague, who resolves it. */
static void
test_transfer (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Customer) customer = NULL;
  g_autoptr (XmppPeer) colleague = NULL;
  g_autoptr (JsonObject) event = NULL, invite = NULL, briefing = NULL, stats = NULL;
  g_autofree char *room = NULL, *desk_nick = NULL;

  start_agent_and_desk (fixture);
  colleague = xmpp_peer_start (fixture->harness, "agent2@localhost", "agent2-secret", "--auto-join",
                               "Bob", NULL);
  desk_process_wait_log (fixture->desk, "Agent agent2@localhost is available");
  customer = start_customer (fixture, "customer", "en", "model", "The GPS finds nothing.");
  room = agent_takes (fixture, "The GPS finds nothing.");
  desk_nick = g_strdup_printf ("%s/Support", room);

  /* Not an agent: nothing happens but a word to the agent. */
  agent_send (fixture, desk_nick, "chat", "/transfer mallory@localhost");
  event = peer_wait_containing (fixture->agent, "message", "body", "not one of the desk's agents");
  agent_send (fixture, desk_nick, "chat", "/transfer agent2@localhost");
  g_clear_pointer (&event, json_object_unref);
  event = peer_wait_containing (fixture->agent, "message", "body", "Handed over to agent2");
  invite = xmpp_peer_wait (colleague, "invite");
  g_assert_cmpstr (json_object_get_string_member (invite, "room"), ==, room);
  briefing = peer_wait_containing (colleague, "message", "body", "The GPS finds nothing.");
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "message", "body", "agent2 from support takes over");

  {
    g_autofree char *resolve = g_strdup_printf (
      "{\"cmd\":\"send\",\"to\":\"%s\",\"type\":\"chat\",\"body\":\"/resolve\"}", desk_nick);
    xmpp_peer_send (colleague, resolve);
  }
  g_clear_pointer (&event, json_object_unref);
  event = customer_wait (customer, "form", "form_type", "urn:devicecare:support:rating");
  stats = desk_stats (fixture->config);
  g_assert_cmpint (member_int (stats, "handled.agent2@localhost"), ==, 1);
  g_assert_false (
    json_object_has_member (json_object_get_object_member (stats, "handled"), "agent@localhost"));
  g_assert_cmpint (member_int (stats, "sessions.rating"), ==, 1);
}

/* A customer who ends the chat while waiting leaves the queue: the next one moves up. */
static void
test_customer_leaves_queue (Fixture *fixture, gconstpointer data)
{
  g_autoptr (Customer) first = NULL, second = NULL;
  g_autoptr (JsonObject) queued = NULL, moved = NULL, stats = NULL;

  start_agent_and_desk (fixture);
  agent_presence (fixture, "away");
  desk_process_wait_log (fixture->desk, "Agent agent@localhost is not available");
  first = start_customer (fixture, "first", "en", "model", "The screen flickers.");
  queued = customer_wait (first, "state", "state", "queued");
  g_clear_pointer (&queued, json_object_unref);
  second = start_customer (fixture, "second", "en", "model", "The camera app crashes.");
  queued = customer_wait (second, "state", "state", "queued");
  g_assert_cmpint (json_object_get_int_member (queued, "position"), ==, 2);

  customer_write (first, "/quit");
  moved = customer_wait (second, "message", "body", "You are now number 1 in the queue");
  stats = desk_stats (fixture->config);
  g_assert_cmpint (member_int (stats, "sessions.closed"), ==, 1);
  g_assert_cmpint (member_int (stats, "sessions.queued"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) g_test_add (path, Fixture, data, set_up, func, tear_down)
  ADD ("/desk/whole-flow", test_whole_flow, NULL);
  ADD ("/desk/two-customers-one-agent", test_two_customers, NULL);
  ADD ("/desk/outside-hours", test_outside_hours, NULL);
  ADD ("/desk/restart", test_restart, NULL);
  ADD ("/desk/customer-command", test_customer_command, NULL);
  ADD ("/desk/knowledge", test_knowledge, NULL);
  ADD ("/desk/server-restart", test_server_restart, NULL);
  ADD ("/desk/transfer", test_transfer, NULL);
  ADD ("/desk/customer-leaves-queue", test_customer_leaves_queue, NULL);
  ADD ("/desk/limits", test_limits,
       "[Limits]\nMessagesPerMinute=3\nAnswerLength=100\nSessionsPerAccount=1\n");
#undef ADD

  return g_test_run ();
}
