/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>

#include "dc-open-state-text.h"

/* The line under a place or a hotline, for instants a customer meets. */

static GDateTime *
berlin (int day, int hour, int minute)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  /* November 2026: the 23rd is a Monday. */
  return g_date_time_new (tz, 2026, 11, day, hour, minute, 0);
}

static void
check (DcOpenState state, GDateTime *now, GDateTime *next, const char *expected)
{
  g_autofree char *text = dc_open_state_describe (state, now, next);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_describe (void)
{
  g_autoptr (GDateTime) mon_10 = berlin (23, 10, 0);
  g_autoptr (GDateTime) mon_18 = berlin (23, 18, 0);
  g_autoptr (GDateTime) sat_20 = berlin (28, 20, 0);
  g_autoptr (GDateTime) mon_09 = berlin (30, 9, 0);
  g_autoptr (GDateTime) sun_01 = berlin (29, 1, 30);
  g_autoptr (GTimeZone) london = g_time_zone_new_identifier ("Europe/London");
  g_autoptr (GDateTime) mon_17_london = g_date_time_to_timezone (mon_18, london);

  check (DC_OPEN_STATE_OPEN, mon_10, mon_18, "Open · closes 18:00");
  check (DC_OPEN_STATE_CLOSED, sat_20, mon_09, "Closed · opens Mon 09:00");
  /* Past midnight: tomorrow's time says its day. */
  check (DC_OPEN_STATE_OPEN, sat_20, sun_01, "Open · closes Sun 01:30");
  /* The place's own clock: a London shop closing at 17:00 its time. */
  check (DC_OPEN_STATE_OPEN, mon_10, mon_17_london, "Open · closes 17:00");
  check (DC_OPEN_STATE_OPEN, mon_10, NULL, "Open 24 hours");
  check (DC_OPEN_STATE_CLOSED, mon_10, NULL, "Closed");
  check (DC_OPEN_STATE_UNKNOWN, mon_10, mon_18, "Hours unknown");
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/places/open-state-text", test_describe);
  return g_test_run ();
}
