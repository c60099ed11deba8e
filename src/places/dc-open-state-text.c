/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-open-state-text.h"

static gboolean
same_day (GDateTime *a, GDateTime *b)
{
  return g_date_time_get_year (a) == g_date_time_get_year (b)
         && g_date_time_get_day_of_year (a) == g_date_time_get_day_of_year (b);
}

/* "18:00" today, "Mon 09:00" on another day, in the zone of @when (the place's). */
static char *
format_when (GDateTime *now, GDateTime *when)
{
  g_autoptr (GDateTime) local_now = g_date_time_to_timezone (now, g_date_time_get_timezone (when));

  if (same_day (local_now, when))
    return g_date_time_format (when, "%H:%M");
  /* Translators: a weekday and a time, as in "opens Mon 09:00"; see g_date_time_format() */
  return g_date_time_format (when, _ ("%a %H:%M"));
}

/**
 * dc_open_state_describe:
 * @state: whether a place or a hotline is open at @now
 * @now: the moment asked about
 * @next_change: (nullable): when @state changes next, in the place's time zone
 *
 * The line a customer reads under a place or a hotline.
 *
 * Returns: (transfer full): "Open · closes 18:00", "Closed · opens Mon 09:00", "Open 24 hours",
 *   "Closed", or "Hours unknown"
 */
char *
dc_open_state_describe (DcOpenState state, GDateTime *now, GDateTime *next_change)
{
  g_autofree char *when = NULL;

  if (state == DC_OPEN_STATE_UNKNOWN)
    return g_strdup (_ ("Hours unknown"));
  if (next_change == NULL)
    return g_strdup (state == DC_OPEN_STATE_OPEN ? _ ("Open 24 hours") : _ ("Closed"));

  when = format_when (now, next_change);
  if (state == DC_OPEN_STATE_OPEN)
    /* Translators: %s is a time, "18:00", or a weekday and a time, "Tue 02:00" */
    return g_strdup_printf (_ ("Open · closes %s"), when);
  /* Translators: %s is a time, "14:00", or a weekday and a time, "Mon 09:00" */
  return g_strdup_printf (_ ("Closed · opens %s"), when);
}
