/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "dc-opening-hours.h"
#include "dc-place-collection.h"

/* Rows of reference.json where opening_hours.js contradicts itself around
 * a change of the clocks, and Device Care answers as the wall clock says.
 * Each is checked to be what its kind claims, and to still disagree. */
typedef enum
{
  /* For hours past midnight the reference finds "the day before" by going
   * back 24 hours. After a 23-hour day that lands on the day before that:
   * Saturday's late hours reopen the first hour of Monday. */
  FAULT_DAY_SHIFT,
  /* A closing time inside the hour that is skipped (02:30): the reference
   * moves it an hour on (03:30), though by its own state the place closes
   * when the clock jumps to 03:00. */
  FAULT_GAP,
  /* When the clock goes back, 02:00-02:30 comes twice; the reference's own
   * state says open the second time, its next change skips it. */
  FAULT_REPEATED_HOUR,
} FaultKind;

static const struct
{
  const char *expression;
  const char *at;
  FaultKind kind;
} reference_faults[] = {
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-29T00:30:00+01:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-29T01:30:00+01:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-29T03:30:00+02:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-29T23:59:30+02:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-30T00:00:00+02:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-30T00:30:00+02:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-29T00:30:00+00:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-29T02:30:00+01:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-08T01:30:00-05:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-03-08T03:30:00-04:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-10-04T01:30:00+10:00", FAULT_DAY_SHIFT },
  { "Fr,Sa 20:00-03:00; Su off", "2026-10-04T03:30:00+11:00", FAULT_DAY_SHIFT },
  { "Tu-Th 12:00-14:00,18:00-23:00; Fr-Sa 12:00-14:00,18:00-01:00", "2026-03-30T00:00:00+02:00",
    FAULT_DAY_SHIFT },
  { "Tu-Th 12:00-14:00,18:00-23:00; Fr-Sa 12:00-14:00,18:00-01:00", "2026-03-30T00:30:00+02:00",
    FAULT_DAY_SHIFT },
  { "Sa 22:00-04:00", "2026-03-30T00:00:00+02:00", FAULT_DAY_SHIFT },
  { "Sa 22:00-04:00", "2026-03-30T00:30:00+02:00", FAULT_DAY_SHIFT },
  { "Mo-Su 00:00-02:30", "2026-03-29T00:30:00+01:00", FAULT_GAP },
  { "Mo-Su 00:00-02:30", "2026-03-29T01:30:00+01:00", FAULT_GAP },
  { "Mo-Su 00:00-02:30", "2026-03-08T01:30:00-05:00", FAULT_GAP },
  { "Mo-Su 00:00-02:30", "2026-10-04T01:30:00+10:00", FAULT_GAP },
  { "Mo-Su 00:00-02:30", "2026-10-25T02:30:00+02:00", FAULT_REPEATED_HOUR },
  { "Mo-Su 00:00-02:30", "2026-04-05T02:30:00+11:00", FAULT_REPEATED_HOUR },
};

/* What the reference said, what we said, for judging a difference. */
typedef struct
{
  GTimeZone *tz;
  GDateTime *at;
  const char *state; /* the reference's */
  GDateTime *next;   /* the reference's, or NULL */
  GDateTime *ours;   /* our next change, or NULL */
} Difference;

static GTimeSpan
offset_change_at (GDateTime *instant)
{
  g_autoptr (GDateTime) before = g_date_time_add_seconds (instant, -1);

  return g_date_time_get_utc_offset (instant) - g_date_time_get_utc_offset (before);
}

/* Whether @instant is in the first local hour of a day that follows a
 * 23-hour day. */
static gboolean
follows_short_day (GTimeZone *tz, GDateTime *instant)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (instant, tz);
  g_autoptr (GDateTime) midnight
    = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                       g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr (GDateTime) day_before = g_date_time_add_days (midnight, -1);
  g_autoptr (GDateTime) midnight_before
    = g_date_time_new (tz, g_date_time_get_year (day_before), g_date_time_get_month (day_before),
                       g_date_time_get_day_of_month (day_before), 0, 0, 0);

  return g_date_time_get_hour (local) == 0
         && g_date_time_difference (midnight, midnight_before) == 23 * G_TIME_SPAN_HOUR;
}

static gboolean
fault_holds (FaultKind kind, const Difference *difference)
{
  switch (kind)
    {
      case FAULT_DAY_SHIFT:
        /* The hour it opens wrongly is now, or where it says the state changes. */
        if (g_str_equal (difference->state, "open"))
          return follows_short_day (difference->tz, difference->at);
        return difference->next != NULL && follows_short_day (difference->tz, difference->next);
      case FAULT_GAP:
        return difference->ours != NULL && difference->next != NULL
               && offset_change_at (difference->ours) > 0
               && g_date_time_difference (difference->next, difference->ours) > 0
               && g_date_time_difference (difference->next, difference->ours)
                    < offset_change_at (difference->ours);
      case FAULT_REPEATED_HOUR:
        return difference->ours != NULL && offset_change_at (difference->ours) < 0;
      default:
        g_assert_not_reached ();
    }
}

typedef struct
{
  guint answers;
  guint state_agrees;
  guint next_change_agrees;
  guint beyond_horizon;   /* the reference's next change is more than 8 days ahead */
  guint unsupported;      /* we did not parse the expression: unknown */
  guint faults;           /* listed in reference_faults */
  guint reference_failed; /* the reference found no next change: it looped */
  guint rejected_by_both;
  guint disagreements;
} Tally;

static GArray *
read_holidays (JsonObject *root)
{
  JsonArray *days = json_object_get_array_member (root, "public_holidays");
  GArray *holidays = g_array_new (FALSE, TRUE, sizeof (GDate));

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      int year, month, day;
      GDate date;

      g_assert_cmpint (
        sscanf (json_array_get_string_element (days, i), "%d-%d-%d", &year, &month, &day), ==, 3);
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, day, month, year);
      g_array_append_val (holidays, date);
    }
  g_assert_cmpuint (holidays->len, >, 10);
  return holidays;
}

static JsonObject *
read_reference (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "places", "opening-hours",
                                                 "reference.json", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gint
find_fault (const char *expression, const char *at)
{
  for (guint i = 0; i < G_N_ELEMENTS (reference_faults); i++)
    {
      if (g_strcmp0 (reference_faults[i].expression, expression) == 0
          && g_strcmp0 (reference_faults[i].at, at) == 0)
        return i;
    }
  return -1;
}

static gboolean
same_next_change (GDateTime *ours, GDateTime *reference, GDateTime *at, Tally *tally)
{
  g_autoptr (GDateTime) horizon = g_date_time_add_days (at, 8);

  if (reference == NULL)
    return ours == NULL;
  /* We look 8 days ahead, the reference years. */
  if (g_date_time_compare (reference, horizon) > 0)
    {
      tally->beyond_horizon += ours == NULL;
      return ours == NULL;
    }
  return ours != NULL && g_date_time_equal (ours, reference);
}

/* A listed difference that is what its kind claims counts as documented;
 * anything else fails the test. */
static void
judge_difference (const char *expression, const char *at_text, const Difference *difference,
                  DcOpenState state, Tally *tally, gboolean *fault_seen)
{
  gint fault = find_fault (expression, at_text);
  g_autofree char *next = difference->next ? g_date_time_format_iso8601 (difference->next) : NULL;
  g_autofree char *ours = difference->ours ? g_date_time_format_iso8601 (difference->ours) : NULL;

  if (fault >= 0 && fault_holds (reference_faults[fault].kind, difference))
    {
      tally->faults++;
      fault_seen[fault] = TRUE;
      return;
    }
  tally->disagreements++;
  g_test_message ("%s at %s: reference %s until %s, ours %s until %s", expression, at_text,
                  difference->state, next ? next : "-", dc_open_state_to_string (state),
                  ours ? ours : "-");
}

static void
check_answer (DcOpeningHours *hours, const char *expression, JsonArray *answer, GArray *holidays,
              Tally *tally, gboolean *fault_seen)
{
  const char *at_text = json_array_get_string_element (answer, 1);
  JsonNode *next_node = json_array_get_element (answer, 3);
  /* {"error": …}: the reference failed to find it. */
  gboolean next_failed = JSON_NODE_HOLDS_OBJECT (next_node);
  const char *next_text
    = JSON_NODE_HOLDS_VALUE (next_node) ? json_node_get_string (next_node) : NULL;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (json_array_get_string_element (answer, 0));
  g_autoptr (GDateTime) at = g_date_time_new_from_iso8601 (at_text, NULL);
  g_autoptr (GDateTime) next = next_text ? g_date_time_new_from_iso8601 (next_text, NULL) : NULL;
  g_autoptr (GDateTime) ours = NULL;
  Difference difference = { tz, at, json_array_get_string_element (answer, 2), next, NULL };
  DcOpenState state;
  gboolean state_ok, next_ok;

  g_assert_nonnull (tz);
  g_assert_nonnull (at);
  tally->answers++;
  if (hours == NULL)
    {
      tally->unsupported++;
      return;
    }
  state = dc_opening_hours_get_state_with_holidays (hours, at, tz, (const GDate *)holidays->data,
                                                    holidays->len, &ours);
  difference.ours = ours;
  state_ok = g_str_equal (dc_open_state_to_string (state), difference.state);
  next_ok = state_ok && !next_failed && same_next_change (ours, next, at, tally);
  tally->reference_failed += next_failed;
  tally->state_agrees += state_ok;
  tally->next_change_agrees += next_ok;
  if (!state_ok || !(next_ok || next_failed))
    judge_difference (expression, at_text, &difference, state, tally, fault_seen);
}

static void
check_expression (JsonObject *entry, GArray *holidays, Tally *tally, gboolean *fault_seen)
{
  const char *expression = json_object_get_string_member (entry, "expression");
  g_autoptr (GError) error = NULL;
  g_autoptr (DcOpeningHours) hours = dc_opening_hours_parse (expression, &error);
  JsonArray *answers;

  if (json_object_has_member (entry, "error"))
    {
      /* What the reference rejects, we must not read as anything. */
      if (hours != NULL)
        g_test_message ("%s: the reference rejects it, we read it", expression);
      g_assert_null (hours);
      g_assert_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_HOURS);
      tally->rejected_by_both++;
      return;
    }
  if (hours == NULL)
    g_test_message ("not understood: %s", error->message);
  answers = json_object_get_array_member (entry, "answers");
  for (guint i = 0; i < json_array_get_length (answers); i++)
    check_answer (hours, expression, json_array_get_array_element (answers, i), holidays, tally,
                  fault_seen);
}

static void
test_reference (void)
{
  g_autoptr (JsonObject) root = read_reference ();
  g_autoptr (GArray) holidays = read_holidays (root);
  JsonArray *expressions = json_object_get_array_member (root, "expressions");
  gboolean fault_seen[G_N_ELEMENTS (reference_faults)] = { FALSE };
  Tally tally = { 0 };

  g_assert_cmpuint (json_array_get_length (expressions), >=, 40);
  for (guint i = 0; i < json_array_get_length (expressions); i++)
    check_expression (json_array_get_object_element (expressions, i), holidays, &tally, fault_seen);

  g_test_message ("%u answers from %s: state agrees %u, next change agrees %u (%u of them beyond "
                  "8 days), reference found no next change %u, not understood by us %u, "
                  "documented differences %u, disagreements %u; expressions both reject: %u",
                  tally.answers, json_object_get_string_member (root, "reference"),
                  tally.state_agrees, tally.next_change_agrees, tally.beyond_horizon,
                  tally.reference_failed, tally.unsupported, tally.faults, tally.disagreements,
                  tally.rejected_by_both);
  for (guint i = 0; i < G_N_ELEMENTS (reference_faults); i++)
    {
      if (!fault_seen[i])
        g_test_message ("listed difference no longer seen: %s at %s",
                        reference_faults[i].expression, reference_faults[i].at);
      g_assert_true (fault_seen[i]);
    }
  g_assert_cmpuint (tally.disagreements, ==, 0);
  g_assert_cmpuint (tally.answers, >=, 1000);
}

#define OPEN DC_OPEN_STATE_OPEN
#define CLOSED DC_OPEN_STATE_CLOSED
#define UNKNOWN DC_OPEN_STATE_UNKNOWN

/* What a customer looking at a place's page must see, worked out by hand. */
static const struct
{
  const char *expression;
  const char *zone;
  const char *at;
  DcOpenState state;
  const char *next_change; /* NULL: none within 8 days */
} cases[] = {
  /* A shop: a minute before closing, Saturday morning, Sunday. */
  { "Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Europe/Berlin", "2026-06-19T17:59:00+02:00", OPEN,
    "2026-06-19T18:00:00+02:00" },
  { "Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Europe/Berlin", "2026-06-20T09:00:00+02:00", CLOSED,
    "2026-06-20T10:00:00+02:00" },
  { "Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Europe/Berlin", "2026-06-21T12:00:00+02:00", CLOSED,
    "2026-06-22T09:00:00+02:00" },
  /* Midnight itself is part of the new day. */
  { "Mo-Fr 09:00-18:00", "Europe/Berlin", "2026-06-22T00:00:00+02:00", CLOSED,
    "2026-06-22T09:00:00+02:00" },
  /* A lunch break. */
  { "Mo-Fr 09:00-12:00,13:00-18:00", "Europe/Berlin", "2026-06-15T12:30:00+02:00", CLOSED,
    "2026-06-15T13:00:00+02:00" },
  { "24/7", "Europe/Berlin", "2026-06-15T12:30:00+02:00", OPEN, NULL },
  { "off", "Europe/Berlin", "2026-06-15T12:30:00+02:00", CLOSED, NULL },
  /* Hours past midnight belong to the day they start: Friday night runs
   * into Saturday, and Thursday night has none. */
  { "Fr 22:00-02:00", "Europe/Berlin", "2026-06-20T01:30:00+02:00", OPEN,
    "2026-06-20T02:00:00+02:00" },
  { "Fr 22:00-02:00", "Europe/Berlin", "2026-06-19T01:30:00+02:00", CLOSED,
    "2026-06-19T22:00:00+02:00" },
  /* 24:00 ends the day; Sunday stays closed. */
  { "Mo-Sa 09:00-24:00", "Europe/Berlin", "2026-06-20T23:59:00+02:00", OPEN,
    "2026-06-21T00:00:00+02:00" },
  /* Fr-Mo runs over the weekend. */
  { "Fr-Mo 10:00-18:00", "Europe/Berlin", "2026-06-22T11:00:00+02:00", OPEN,
    "2026-06-22T18:00:00+02:00" },
  { "Fr-Mo 10:00-18:00", "Europe/Berlin", "2026-06-23T11:00:00+02:00", CLOSED,
    "2026-06-26T10:00:00+02:00" },
  /* Spring forward in Berlin (29 March 2026, 02:00 → 03:00): 01:00-04:00
   * is open while the clock shows those hours, two real hours. */
  { "Mo-Su 01:00-04:00", "Europe/Berlin", "2026-03-29T01:30:00+01:00", OPEN,
    "2026-03-29T04:00:00+02:00" },
  /* … closing at 02:30 that night means closing when the clock jumps. */
  { "Mo-Su 00:00-02:30", "Europe/Berlin", "2026-03-29T01:30:00+01:00", OPEN,
    "2026-03-29T03:00:00+02:00" },
  /* … and an hour that does not exist is never open. */
  { "Su 02:00-02:30", "Europe/Berlin", "2026-03-29T01:59:00+01:00", CLOSED,
    "2026-04-05T02:00:00+02:00" },
  /* Fall back (25 October 2026, 03:00 → 02:00): four real hours. */
  { "Mo-Su 01:00-04:00", "Europe/Berlin", "2026-10-25T02:30:00+01:00", OPEN,
    "2026-10-25T04:00:00+01:00" },
  /* The same, in New York (8 March 2026) and Sydney (5 April 2026). */
  { "Mo-Su 01:00-04:00", "America/New_York", "2026-03-08T01:30:00-05:00", OPEN,
    "2026-03-08T04:00:00-04:00" },
  { "Mo-Su 01:00-04:00", "Australia/Sydney", "2026-04-05T02:30:00+10:00", OPEN,
    "2026-04-05T04:00:00+10:00" },
  /* The place's zone decides: 17:30 in London is 18:30 in Berlin. */
  { "Mo-Fr 09:00-18:00", "Europe/London", "2026-06-15T17:30:00+01:00", OPEN,
    "2026-06-15T18:00:00+01:00" },
  { "Mo-Fr 09:00-18:00", "Europe/Berlin", "2026-06-15T17:30:00+01:00", CLOSED,
    "2026-06-16T09:00:00+02:00" },
  /* A comment or "unknown" is never a plain "open". */
  { "Mo-Fr 09:00-18:00 \"by appointment\"", "Europe/Berlin", "2026-06-15T10:00:00+02:00", UNKNOWN,
    "2026-06-15T18:00:00+02:00" },
  { "Mo-Fr 09:00-18:00 \"by appointment\"", "Europe/Berlin", "2026-06-15T19:00:00+02:00", CLOSED,
    "2026-06-16T09:00:00+02:00" },
  { "Mo-Fr 09:00-18:00; Sa unknown", "Europe/Berlin", "2026-06-20T11:00:00+02:00", UNKNOWN,
    "2026-06-21T00:00:00+02:00" },
  { "Mo-Fr 09:00-18:00 open \"walk-in\"", "Europe/Berlin", "2026-06-15T10:00:00+02:00", OPEN,
    "2026-06-15T18:00:00+02:00" },
  /* Outside the hours, the fallback's comment: call first. */
  { "Mo-Fr 09:00-18:00 || \"call ahead\"", "Europe/Berlin", "2026-06-20T11:00:00+02:00", UNKNOWN,
    "2026-06-22T09:00:00+02:00" },
  /* Not understood: unknown, and no time to show. */
  { "Mo-Fr sunrise-sunset", "Europe/Berlin", "2026-06-15T12:00:00+02:00", UNKNOWN, NULL },
  { "Mo-Fr 09:00+", "Europe/Berlin", "2026-06-15T12:00:00+02:00", UNKNOWN, NULL },
  /* No holiday calendar: Christmas Day, a Friday, is taken as a Friday. */
  { "Mo-Fr 09:00-18:00; PH off", "Europe/Berlin", "2026-12-25T10:00:00+01:00", OPEN,
    "2026-12-25T18:00:00+01:00" },
  /* Winter and summer hours. */
  { "Jan-Mar Mo-Fr 10:00-16:00; Apr-Dec Mo-Fr 09:00-18:00", "Europe/Berlin",
    "2026-03-31T09:30:00+02:00", CLOSED, "2026-03-31T10:00:00+02:00" },
  { "Jan-Mar Mo-Fr 10:00-16:00; Apr-Dec Mo-Fr 09:00-18:00", "Europe/Berlin",
    "2026-04-01T09:30:00+02:00", OPEN, "2026-04-01T18:00:00+02:00" },
  /* Closed over Christmas; what opens after 8 days is not looked for. */
  { "Mo-Fr 09:00-18:00; Dec 24-26 off", "Europe/Berlin", "2026-12-24T10:00:00+01:00", CLOSED,
    "2026-12-28T09:00:00+01:00" },
  { "Dec 24 10:00-14:00", "Europe/Berlin", "2026-06-01T12:00:00+02:00", CLOSED, NULL },
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (cases[i].zone);
      g_autoptr (GDateTime) at = g_date_time_new_from_iso8601 (cases[i].at, NULL);
      g_autoptr (GDateTime) next = NULL;
      g_autofree char *next_text = NULL;
      DcOpenState state;

      state = dc_opening_hours_evaluate (cases[i].expression, at, tz, &next);
      next_text = next != NULL ? g_date_time_format (next, "%FT%T%:z") : NULL;
      g_test_message ("%s at %s: %s until %s", cases[i].expression, cases[i].at,
                      dc_open_state_to_string (state), next_text ? next_text : "-");
      g_assert_cmpstr (dc_open_state_to_string (state), ==,
                       dc_open_state_to_string (cases[i].state));
      /* In the place's zone, with its offset at that time. */
      g_assert_cmpstr (next_text, ==, cases[i].next_change);
    }
}

static void
test_public_holidays (void)
{
  g_autoptr (DcOpeningHours) hours = dc_opening_hours_parse ("Mo-Fr 09:00-18:00; PH off", NULL);
  g_autoptr (DcOpeningHours) plain = dc_opening_hours_parse ("Mo-Fr 09:00-18:00", NULL);
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr (GDateTime) christmas = g_date_time_new (tz, 2026, 12, 25, 10, 0, 0);
  g_autoptr (GDateTime) eve = g_date_time_new (tz, 2026, 12, 24, 17, 0, 0);
  g_autoptr (GDateTime) next = NULL;
  g_autoptr (GDateTime) expected = g_date_time_new (tz, 2026, 12, 28, 9, 0, 0);
  GDate holidays[2];

  g_assert_true (dc_opening_hours_has_public_holiday_rules (hours));
  g_assert_false (dc_opening_hours_has_public_holiday_rules (plain));

  /* Told which days are holidays, "PH off" closes them. */
  g_date_clear (holidays, 2);
  g_date_set_dmy (&holidays[0], 25, G_DATE_DECEMBER, 2026);
  g_date_set_dmy (&holidays[1], 26, G_DATE_DECEMBER, 2026);
  g_assert_cmpint (
    dc_opening_hours_get_state_with_holidays (hours, christmas, tz, holidays, 2, &next), ==,
    DC_OPEN_STATE_CLOSED);
  g_assert_true (g_date_time_equal (next, expected));
  g_clear_pointer (&next, g_date_time_unref);

  /* On Christmas Eve it closes at six and stays closed over the holidays. */
  g_assert_cmpint (dc_opening_hours_get_state_with_holidays (hours, eve, tz, holidays, 2, &next),
                   ==, DC_OPEN_STATE_OPEN);
  g_assert_cmpint (g_date_time_get_hour (next), ==, 18);
  g_assert_cmpint (
    dc_opening_hours_get_state_with_holidays (plain, christmas, tz, holidays, 2, NULL), ==,
    DC_OPEN_STATE_OPEN);
}

static GArray *
day_spans (const char *expression, int day, int month, gboolean public_holiday)
{
  g_autoptr (DcOpeningHours) hours = dc_opening_hours_parse (expression, NULL);
  GDate date;

  g_assert_nonnull (hours);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, 2026);
  return dc_opening_hours_dup_day_spans (hours, &date, public_holiday);
}

static void
assert_span (GArray *spans, guint i, guint start, guint end, DcOpenState state)
{
  DcOpeningSpan span;

  g_assert_cmpuint (i, <, spans->len);
  span = g_array_index (spans, DcOpeningSpan, i);
  g_assert_cmpuint (span.start, ==, start);
  g_assert_cmpuint (span.end, ==, end);
  g_assert_cmpint (span.state, ==, state);
}

static void
test_day_spans (void)
{
  g_autoptr (GArray) monday = day_spans ("Mo-Fr 09:00-12:00,13:00-18:00", 15, 6, FALSE);
  g_autoptr (GArray) sunday = day_spans ("Mo-Fr 09:00-12:00,13:00-18:00", 21, 6, FALSE);
  g_autoptr (GArray) tuesday_night = day_spans ("Mo-Fr 22:00-02:00", 16, 6, FALSE);
  g_autoptr (GArray) saturday_night = day_spans ("Mo-Fr 22:00-02:00", 20, 6, FALSE);
  g_autoptr (GArray) appointment = day_spans ("Mo-Fr 09:00-18:00 \"by appointment\"", 15, 6, FALSE);
  g_autoptr (GArray) holiday = day_spans ("Mo-Fr 09:00-18:00; PH off", 25, 12, TRUE);
  g_autoptr (GArray) ordinary = day_spans ("Mo-Fr 09:00-18:00; PH off", 25, 12, FALSE);
  g_autoptr (GArray) always = day_spans ("24/7", 25, 12, FALSE);

  g_assert_cmpuint (monday->len, ==, 2);
  assert_span (monday, 0, 9 * 60, 12 * 60, OPEN);
  assert_span (monday, 1, 13 * 60, 18 * 60, OPEN);
  g_assert_cmpuint (sunday->len, ==, 0);
  /* Monday night's hours, then Tuesday night's. */
  g_assert_cmpuint (tuesday_night->len, ==, 2);
  assert_span (tuesday_night, 0, 0, 2 * 60, OPEN);
  assert_span (tuesday_night, 1, 22 * 60, 24 * 60, OPEN);
  g_assert_cmpuint (saturday_night->len, ==, 1);
  assert_span (saturday_night, 0, 0, 2 * 60, OPEN);
  g_assert_cmpuint (appointment->len, ==, 1);
  assert_span (appointment, 0, 9 * 60, 18 * 60, UNKNOWN);
  g_assert_cmpuint (holiday->len, ==, 0);
  g_assert_cmpuint (ordinary->len, ==, 1);
  assert_span (ordinary, 0, 9 * 60, 18 * 60, OPEN);
  g_assert_cmpuint (always->len, ==, 1);
  assert_span (always, 0, 0, 24 * 60, OPEN);
}

static void
assert_not_understood (const char *expression, const char *message_part)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcOpeningHours) hours = dc_opening_hours_parse (expression, &error);

  g_assert_null (hours);
  g_assert_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_HOURS);
  g_test_message ("%s: %s", expression, error->message);
  g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_errors (void)
{
  /* The message names what was not understood. */
  assert_not_understood ("", "empty");
  assert_not_understood (" ; ", "empty");
  assert_not_understood ("Mo-Fr sunrise-sunset", "“sunrise-sunset”");
  assert_not_understood ("Mo-Fr 09:00-18:00; Sa 10:00-14:00+", "“+”");
  assert_not_understood ("Mo-Fr 25:00-26:00", "“25:00-26:00”");
  assert_not_understood ("Mo-Fr 09:00-", "end too early");
  assert_not_understood ("Mo-Fr 09:00-18:00 \"by appointment", "“\"by appointment”");
  assert_not_understood ("Feb 30 off", "“30 off”");
  assert_not_understood ("SH off; Mo-Fr 09:00-18:00", "“SH off”");
  assert_not_understood ("Mo-Fr 09:00-18:00 Sa", "“Sa”");
}

static void
test_boxed (void)
{
  g_autoptr (DcOpeningHours) hours = dc_opening_hours_parse ("Mo-Fr 09:00-18:00", NULL);
  DcOpeningHours *copy = g_boxed_copy (DC_TYPE_OPENING_HOURS, hours);
  g_autoptr (GEnumClass) states = g_type_class_ref (DC_TYPE_OPEN_STATE);

  /* Immutable: a copy is the same value, kept alive by its own reference. */
  g_assert_true (copy == hours);
  g_clear_pointer (&hours, dc_opening_hours_unref);
  g_assert_cmpstr (dc_opening_hours_get_text (copy), ==, "Mo-Fr 09:00-18:00");
  g_boxed_free (DC_TYPE_OPENING_HOURS, copy);
  g_assert_cmpint (g_enum_get_value_by_nick (states, "closed")->value, ==, DC_OPEN_STATE_CLOSED);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/opening-hours/reference", test_reference);
  g_test_add_func ("/opening-hours/cases", test_cases);
  g_test_add_func ("/opening-hours/public-holidays", test_public_holidays);
  g_test_add_func ("/opening-hours/day-spans", test_day_spans);
  g_test_add_func ("/opening-hours/errors", test_errors);
  g_test_add_func ("/opening-hours/boxed", test_boxed);

  return g_test_run ();
}
