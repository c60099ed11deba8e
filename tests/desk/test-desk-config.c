/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "dc-desk-config.h"

/* The desk's configuration: what a valid file gives, and for each kind of mistake an error that
 * names the group and the key, as the administrator must find it. */

#define VALID                                                                                      \
  "[Server]\n"                                                                                     \
  "Service=wss://chat.example.com/xmpp-websocket\n"                                                \
  "Domain=example.com\n"                                                                           \
  "RoomService=rooms.example.com\n"                                                                \
  "\n"                                                                                             \
  "[Account]\n"                                                                                    \
  "Username=desk\n"                                                                                \
  "Password=s3cret\n"                                                                              \
  "\n"                                                                                             \
  "[Agents]\n"                                                                                     \
  "Addresses=Alice@Example.com; bob@example.com\n"                                                 \
  "\n"                                                                                             \
  "[Hours]\n"                                                                                      \
  "OpeningHours=Mo-Fr 09:00-18:00\n"                                                               \
  "TimeZone=Europe/Berlin\n"                                                                       \
  "\n"                                                                                             \
  "[Knowledge]\n"                                                                                  \
  "File=knowledge.json\n"                                                                          \
  "\n"                                                                                             \
  "[Database]\n"                                                                                   \
  "Path=/var/lib/device-care-desk/desk.db\n"

static DcDeskConfig *
parse (const char *text, GError **error)
{
  return dc_desk_config_new_from_data (text, strlen (text), "desk.conf", "/etc/dc", error);
}

static void
test_valid (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDeskConfig) config = parse (VALID, &error);
  g_autoptr (GDateTime) monday_noon = NULL;
  g_autoptr (GDateTime) sunday_noon = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (config->service, ==, "wss://chat.example.com/xmpp-websocket");
  g_assert_cmpstr (config->room_service, ==, "rooms.example.com");
  g_assert_cmpstr (config->nick, ==, "Support");
  /* Addresses are compared as the server does: without case. */
  g_assert_cmpuint (g_strv_length (config->agents), ==, 2);
  g_assert_cmpstr (config->agents[0], ==, "alice@example.com");
  g_assert_true (dc_desk_config_is_agent (config, "ALICE@example.com"));
  g_assert_false (dc_desk_config_is_agent (config, "mallory@example.com"));
  /* A relative path is the configuration's neighbour. */
  g_assert_cmpstr (config->knowledge_path, ==, "/etc/dc/knowledge.json");
  g_assert_cmpstr (config->database_path, ==, "/var/lib/device-care-desk/desk.db");
  g_assert_null (config->vendor_config_path);
  /* Defaults. */
  g_assert_cmpuint (config->sessions_per_agent, ==, 1);
  g_assert_cmpuint (config->messages_per_minute, ==, 20);
  g_assert_cmpuint (config->sessions_per_account, ==, 2);
  g_assert_cmpuint (config->default_wait, ==, 300);

  monday_noon = g_date_time_new (config->timezone, 2026, 3, 2, 12, 0, 0);
  sunday_noon = g_date_time_new (config->timezone, 2026, 3, 1, 12, 0, 0);
  g_assert_cmpint (dc_opening_hours_get_state (config->hours, monday_noon, config->timezone, NULL),
                   ==, DC_OPEN_STATE_OPEN);
  g_assert_cmpint (dc_opening_hours_get_state (config->hours, sunday_noon, config->timezone, NULL),
                   ==, DC_OPEN_STATE_CLOSED);
}

static void
test_always_open (void)
{
  const char *text
    = "[Server]\nService=ws://127.0.0.1:5280/xmpp-websocket\nDomain=localhost\n"
      "RoomService=rooms.localhost\n[Account]\nUsername=desk\nPassword=x\nNick=Desk\n"
      "[Agents]\nAddresses=agent@localhost\nSessionsPerAgent=3\n[Database]\nPath=desk.db\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDeskConfig) config = parse (text, &error);

  g_assert_no_error (error);
  g_assert_null (config->hours);
  g_assert_null (config->knowledge_path);
  g_assert_cmpstr (config->nick, ==, "Desk");
  g_assert_cmpuint (config->sessions_per_agent, ==, 3);
  g_assert_cmpstr (config->database_path, ==, "/etc/dc/desk.db");
}

/* @from is replaced by @to in the valid file; the error must contain each of @expected. */
static void
assert_bad (const char *from, const char *to, const char *const *expected)
{
  g_autoptr (GString) text = g_string_new (VALID);
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDeskConfig) config = NULL;

  g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  config = parse (text->str, &error);
  g_assert_null (config);
  g_assert_error (error, DC_DESK_ERROR, DC_DESK_ERROR_CONFIG);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "desk.conf: "));
  for (guint i = 0; expected[i] != NULL; i++)
    if (strstr (error->message, expected[i]) == NULL)
      g_error ("“%s” does not say “%s”", error->message, expected[i]);
}

static void
test_errors (void)
{
  assert_bad ("Service=wss://chat.example.com/xmpp-websocket\n", "",
              (const char *const[]){ "[Server] Service", "missing", NULL });
  assert_bad ("Service=wss://", "Service=https://",
              (const char *const[]){ "[Server] Service", "WebSocket", NULL });
  assert_bad ("Password=s3cret",
              "Password=  ", (const char *const[]){ "[Account] Password", "missing", NULL });
  assert_bad ("bob@example.com", "bob",
              (const char *const[]){ "[Agents] Addresses", "“bob”", NULL });
  assert_bad ("Addresses=Alice@Example.com; bob@example.com", "Addresses=;",
              (const char *const[]){ "[Agents] Addresses", "at least one", NULL });
  assert_bad ("Mo-Fr 09:00-18:00", "Mo-Fr 09:00-25:99",
              (const char *const[]){ "[Hours] OpeningHours", NULL });
  assert_bad ("Europe/Berlin", "Europe/Atlantis",
              (const char *const[]){ "[Hours] TimeZone", "Europe/Atlantis", NULL });
  assert_bad ("[Database]\n", "[Limits]\nMessagesPerMinute=many\n[Database]\n",
              (const char *const[]){ "[Limits] MessagesPerMinute", "“many”", NULL });
  assert_bad ("[Database]\n", "[Limits]\nSessionsPerAccount=0\n[Database]\n",
              (const char *const[]){ "[Limits] SessionsPerAccount", "from 1", NULL });
  /* A typo is not a setting silently ignored. */
  assert_bad ("[Database]\n", "[Limits]\nMessagesPerMinut=5\n[Database]\n",
              (const char *const[]){ "[Limits] MessagesPerMinut", "unknown key", NULL });
  assert_bad ("[Database]\n", "[Limit]\nMessagesPerMinute=5\n[Database]\n",
              (const char *const[]){ "[Limit]", "unknown group", NULL });
  assert_bad ("[Database]\n", "[Channels]\nCountry=Germany\n[Database]\n",
              (const char *const[]){ "[Channels] Country", "two capital letters", NULL });
  assert_bad ("[Account]\n", "Account\n", (const char *const[]){ "desk.conf", NULL });
}

static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDeskConfig) config = dc_desk_config_load ("/nonexistent/desk.conf", &error);

  g_assert_null (config);
  g_assert_error (error, DC_DESK_ERROR, DC_DESK_ERROR_CONFIG);
  g_assert_nonnull (strstr (error->message, "/nonexistent/desk.conf"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk-config/valid", test_valid);
  g_test_add_func ("/desk-config/always-open", test_always_open);
  g_test_add_func ("/desk-config/errors", test_errors);
  g_test_add_func ("/desk-config/missing-file", test_missing_file);

  return g_test_run ();
}
