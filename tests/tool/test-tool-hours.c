/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tool-run.h"

/* Runs the built tool with "hours" and the given arguments, NULL-terminated,
 * with TZ set to @local_zone. */
static void
run_hours (ToolRun *run, const char *local_zone, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *tz_env = g_strconcat ("TZ=", local_zone, NULL);
  const char *env[] = { tz_env, NULL };
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, "hours");
  va_start (ap, local_zone);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  tool_run (run, env, (const char *const *)args->pdata);
}

/* The one line of output, checked to be exactly {state, next_change}. */
static JsonObject *
parse_answer (const char *out)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (out, &error);
  JsonObject *answer;

  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (out, "}\n"));
  g_assert_cmpstr (strchr (out, '\n'), ==, "\n");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  answer = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (answer), ==, 2);
  g_assert_true (json_object_has_member (answer, "state"));
  g_assert_true (json_object_has_member (answer, "next_change"));
  return json_object_ref (answer);
}

static void
test_open (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonObject) answer = NULL;

  run_hours (&run, "UTC", "Mo-Fr 09:00-18:00; Sa 10:00-14:00", "--at", "2026-06-19T17:30:00+02:00",
             "--tz", "Europe/Berlin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  answer = parse_answer (run.out);
  g_assert_cmpstr (json_object_get_string_member (answer, "state"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (answer, "next_change"), ==,
                   "2026-06-19T18:00:00+02:00");
}

static void
test_spring_forward (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonObject) answer = NULL;

  /* 01:30 on the night Berlin's clocks skip 02:00-03:00, without an offset:
   * read in --tz. Open until 04:00 summer time. */
  run_hours (&run, "UTC", "Mo-Su 01:00-04:00", "--at", "2026-03-29T01:30:00", "--tz",
             "Europe/Berlin", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_answer (run.out);
  g_assert_cmpstr (json_object_get_string_member (answer, "state"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (answer, "next_change"), ==,
                   "2026-03-29T04:00:00+02:00");
}

static void
test_local_zone (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonObject) answer = NULL;

  /* Without --tz, the computer's zone: 17:30 UTC is 18:30 in London in June. */
  run_hours (&run, "Europe/London", "Mo-Fr 09:00-18:00", "--at", "2026-06-19T17:30:00Z", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_answer (run.out);
  g_assert_cmpstr (json_object_get_string_member (answer, "state"), ==, "closed");
  g_assert_cmpstr (json_object_get_string_member (answer, "next_change"), ==,
                   "2026-06-22T09:00:00+01:00");
}

static void
test_always_open (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonObject) answer = NULL;

  /* Without --at: now. 24/7 never changes. */
  run_hours (&run, "UTC", "24/7", NULL);
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_answer (run.out);
  g_assert_cmpstr (json_object_get_string_member (answer, "state"), ==, "open");
  g_assert_true (json_object_get_null_member (answer, "next_change"));
}

static void
test_not_understood (void)
{
  g_auto (ToolRun) run = { 0 };
  g_autoptr (JsonObject) answer = NULL;

  run_hours (&run, "UTC", "Mo-Fr sunrise-sunset", "--at", "2026-06-19T12:00:00Z", NULL);
  /* An answer, not a failure: unknown, and on stderr what was not understood. */
  g_assert_cmpint (run.status, ==, 0);
  answer = parse_answer (run.out);
  g_assert_cmpstr (json_object_get_string_member (answer, "state"), ==, "unknown");
  g_assert_true (json_object_get_null_member (answer, "next_change"));
  g_assert_nonnull (strstr (run.err, "sunrise-sunset"));
}

static void
test_usage_errors (void)
{
  g_auto (ToolRun) bad_at = { 0 };
  g_auto (ToolRun) bad_tz = { 0 };
  g_auto (ToolRun) no_expression = { 0 };

  run_hours (&bad_at, "UTC", "24/7", "--at", "tomorrow", NULL);
  g_assert_cmpint (bad_at.status, ==, 2);
  g_assert_cmpstr (bad_at.out, ==, "");
  g_assert_nonnull (strstr (bad_at.err, "“tomorrow”"));
  g_assert_nonnull (strstr (bad_at.err, "ISO 8601"));

  run_hours (&bad_tz, "UTC", "24/7", "--tz", "Europe/Atlantis", NULL);
  g_assert_cmpint (bad_tz.status, ==, 2);
  g_assert_cmpstr (bad_tz.out, ==, "");
  g_assert_nonnull (strstr (bad_tz.err, "Europe/Atlantis"));

  run_hours (&no_expression, "UTC", NULL);
  g_assert_cmpint (no_expression.status, ==, 2);
  g_assert_cmpstr (no_expression.out, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tool/hours/open", test_open);
  g_test_add_func ("/tool/hours/spring-forward", test_spring_forward);
  g_test_add_func ("/tool/hours/local-zone", test_local_zone);
  g_test_add_func ("/tool/hours/always-open", test_always_open);
  g_test_add_func ("/tool/hours/not-understood", test_not_understood);
  g_test_add_func ("/tool/hours/usage-errors", test_usage_errors);

  return g_test_run ();
}
