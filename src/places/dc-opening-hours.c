/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include "dc-opening-hours-private.h"

#define SECONDS_PER_DAY (24 * 60 * 60)

/* How far ahead the next change is looked for. */
#define SEARCH_DAYS 8

/**
 * DcOpeningHours:
 *
 * An OpenStreetMap `opening_hours` value, parsed once and evaluated as
 * often as needed (DESIGN §4). Immutable and reference-counted.
 *
 * Evaluation follows opening_hours.js, the reference implementation: the
 * time of day is read off the wall clock of the place's time zone, so
 * "01:00-04:00" is open while the clock shows 01:00 to 04:00, however long
 * that lasts on the night the clocks change; a rule that names days replaces
 * what earlier rules said about those days; hours past midnight belong to
 * the day they start on.
 *
 * Public holidays: without a calendar of them every day is taken as an
 * ordinary day, so "Mo-Fr 09:00-18:00; PH off" answers as on a working day;
 * dc_opening_hours_has_public_holiday_rules() tells the UI to say so.
 */
struct _DcOpeningHours
{
  char *text;
  GPtrArray *rules;   /* DcHoursRule */
  GArray *boundaries; /* guint16: minutes where the state may change, sorted, 1440 last */
  gboolean has_holiday_rules;
};

typedef struct
{
  const GDate *dates;
  gsize n_dates;
} Holidays;

G_DEFINE_BOXED_TYPE (DcOpeningHours, dc_opening_hours, dc_opening_hours_ref, dc_opening_hours_unref)

G_DEFINE_ENUM_TYPE (DcOpenState, dc_open_state,
                    G_DEFINE_ENUM_VALUE (DC_OPEN_STATE_UNKNOWN, "unknown"),
                    G_DEFINE_ENUM_VALUE (DC_OPEN_STATE_OPEN, "open"),
                    G_DEFINE_ENUM_VALUE (DC_OPEN_STATE_CLOSED, "closed"))

/**
 * dc_open_state_to_string:
 * @state: a #DcOpenState
 *
 * Returns: "open", "closed" or "unknown", as the tool prints it
 */
const char *
dc_open_state_to_string (DcOpenState state)
{
  switch (state)
    {
      case DC_OPEN_STATE_OPEN:
        return "open";
      case DC_OPEN_STATE_CLOSED:
        return "closed";
      case DC_OPEN_STATE_UNKNOWN:
      default:
        return "unknown";
    }
}

static int
compare_minutes (gconstpointer a, gconstpointer b)
{
  return (int)*(const guint16 *)a - (int)*(const guint16 *)b;
}

static GArray *
collect_boundaries (GPtrArray *rules)
{
  GArray *boundaries = g_array_new (FALSE, FALSE, sizeof (guint16));
  guint16 end_of_day = DC_MINUTES_PER_DAY;
  guint kept = 0;

  g_array_append_val (boundaries, end_of_day);
  for (guint i = 0; i < rules->len; i++)
    {
      GArray *spans = ((DcHoursRule *)rules->pdata[i])->spans;

      for (guint j = 0; j < spans->len; j++)
        {
          DcHoursSpan span = g_array_index (spans, DcHoursSpan, j);

          if (span.start > 0)
            g_array_append_val (boundaries, span.start);
          g_array_append_val (boundaries, span.end);
        }
    }
  g_array_sort (boundaries, compare_minutes);
  for (guint i = 0; i < boundaries->len; i++)
    {
      if (kept == 0
          || g_array_index (boundaries, guint16, i)
               != g_array_index (boundaries, guint16, kept - 1))
        g_array_index (boundaries, guint16, kept++) = g_array_index (boundaries, guint16, i);
    }
  g_array_set_size (boundaries, kept);
  return boundaries;
}

/**
 * dc_opening_hours_parse:
 * @expr: an OpenStreetMap opening_hours value, such as
 *   "Mo-Fr 09:00-18:00; Sa 10:00-14:00"
 * @error: return location for a #GError
 *
 * Reads the forms DESIGN §4 lists (see dc-opening-hours-parser.c); anything
 * else fails with %DC_PLACES_ERROR_HOURS and a message naming it.
 *
 * Returns: (transfer full): the parsed hours, or %NULL
 */
DcOpeningHours *
dc_opening_hours_parse (const char *expr, GError **error)
{
  g_autoptr (GPtrArray) rules = NULL;
  DcOpeningHours *self;

  g_return_val_if_fail (expr != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  rules = dc_opening_hours_parse_rules (expr, error);
  if (rules == NULL)
    return NULL;

  self = g_atomic_rc_box_new0 (DcOpeningHours);
  self->text = g_strdup (expr);
  self->boundaries = collect_boundaries (rules);
  for (guint i = 0; i < rules->len; i++)
    {
      DcHoursRule *rule = rules->pdata[i];

      self->has_holiday_rules |= rule->holiday_or || rule->holiday_and;
    }
  self->rules = g_steal_pointer (&rules);
  return self;
}

DcOpeningHours *
dc_opening_hours_ref (DcOpeningHours *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
dc_opening_hours_clear (DcOpeningHours *self)
{
  g_free (self->text);
  g_ptr_array_unref (self->rules);
  g_array_unref (self->boundaries);
}

void
dc_opening_hours_unref (DcOpeningHours *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify)dc_opening_hours_clear);
}

/**
 * dc_opening_hours_get_text:
 * @self: a #DcOpeningHours
 *
 * Returns: the value as it was given, for showing when the state is unknown
 */
const char *
dc_opening_hours_get_text (DcOpeningHours *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

/**
 * dc_opening_hours_has_public_holiday_rules:
 * @self: a #DcOpeningHours
 *
 * Whether a rule names public holidays ("PH off"). Without a calendar of
 * holidays every day is evaluated as an ordinary day, so the UI should add
 * that hours on public holidays may differ.
 *
 * Returns: %TRUE if the value has a "PH" rule
 */
gboolean
dc_opening_hours_has_public_holiday_rules (DcOpeningHours *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_holiday_rules;
}

static gboolean
is_holiday (const Holidays *holidays, const GDate *day)
{
  for (gsize i = 0; i < holidays->n_dates; i++)
    {
      if (g_date_compare (&holidays->dates[i], day) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_in_date_ranges (GArray *dates, const GDate *day)
{
  guint month_day = g_date_get_month (day) * 100 + g_date_get_day (day);

  for (guint i = 0; i < dates->len; i++)
    {
      DcMonthDayRange range = g_array_index (dates, DcMonthDayRange, i);

      if (range.from <= range.to ? month_day >= range.from && month_day <= range.to
                                 : month_day >= range.from || month_day <= range.to)
        return TRUE;
    }
  return FALSE;
}

static gboolean
rule_matches_day (const DcHoursRule *rule, const GDate *date, const Holidays *holidays)
{
  GDate day = *date;
  gboolean holiday;

  /* The wrapped part of "Sa 22:00-04:00" is Sunday's 00:00-04:00. */
  if (rule->wrapped)
    g_date_subtract_days (&day, 1);
  holiday = (rule->holiday_or || rule->holiday_and) && is_holiday (holidays, &day);
  if (rule->dates != NULL && !is_in_date_ranges (rule->dates, &day))
    return FALSE;
  if (rule->holiday_and && !holiday)
    return FALSE;
  if (rule->weekdays == 0 && !rule->holiday_or)
    return TRUE;
  return (rule->weekdays & (1 << (g_date_get_weekday (&day) - 1))) != 0
         || (rule->holiday_or && holiday);
}

static gboolean
rule_names_days (const DcHoursRule *rule)
{
  return rule->weekdays != 0 || rule->holiday_or || rule->holiday_and || rule->dates != NULL;
}

/* As opening_hours.js decides it: a rule that names days and opens (or is
 * unknown) replaces everything earlier rules said about those days, while
 * "We 12:00-14:00 off" only closes its own hours. A rule for every day
 * replaces an earlier rule for every day, but adds to one that names days. */
static gboolean
rule_replaces_earlier (GPtrArray *rules, guint i)
{
  const DcHoursRule *rule = rules->pdata[i];

  if (rule->wrapped || rule->additional || rule->fallback || rule->state == DC_OPEN_STATE_CLOSED)
    return FALSE;
  if (rule_names_days (rule))
    return TRUE;
  return i > 0 && rule->state == DC_OPEN_STATE_OPEN && !rule_names_days (rules->pdata[i - 1]);
}

static gboolean
rule_covers_minute (const DcHoursRule *rule, guint minute)
{
  for (guint i = 0; i < rule->spans->len; i++)
    {
      DcHoursSpan span = g_array_index (rule->spans, DcHoursSpan, i);

      if (minute >= span.start && minute < span.end)
        return TRUE;
    }
  return FALSE;
}

/* The state at @minute of the local @day. */
static DcOpenState
state_at (DcOpeningHours *self, const GDate *day, guint minute, const Holidays *holidays)
{
  DcOpenState state = DC_OPEN_STATE_CLOSED;
  guint first = 0;

  for (guint i = 0; i < self->rules->len; i++)
    {
      if (rule_matches_day (self->rules->pdata[i], day, holidays)
          && rule_replaces_earlier (self->rules, i))
        first = i;
    }
  for (guint i = first; i < self->rules->len; i++)
    {
      const DcHoursRule *rule = self->rules->pdata[i];

      if (!rule_matches_day (rule, day, holidays) || !rule_covers_minute (rule, minute))
        continue;
      /* "|| "call us"" speaks only where the rules before it say closed. */
      if (!rule->fallback || state == DC_OPEN_STATE_CLOSED)
        state = rule->state;
    }
  return state;
}

static gint32
utc_offset (GTimeZone *tz, gint64 unix_time)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, unix_time);

  return g_time_zone_get_offset (tz, interval);
}

/* The local date, minute of the day and second of the minute at @unix_time. */
/* GDate's Julian day of 1970-01-01: day 1 is 1 January of year 1. */
#define UNIX_EPOCH_JULIAN 719163

/* The local date, minute of the day and second of the minute at @unix_time. */
static void
local_time (GTimeZone *tz, gint64 unix_time, GDate *day, guint *minute, guint *second)
{
  gint64 local = unix_time + utc_offset (tz, unix_time);
  gint64 seconds = local % SECONDS_PER_DAY;
  gint64 days;

  if (seconds < 0)
    seconds += SECONDS_PER_DAY;
  days = (local - seconds) / SECONDS_PER_DAY;
  g_date_clear (day, 1);
  g_date_set_julian (day, UNIX_EPOCH_JULIAN + days);
  *minute = seconds / 60;
  *second = seconds % 60;
}

static DcOpenState
state_at_instant (DcOpeningHours *self, GTimeZone *tz, gint64 unix_time, const Holidays *holidays)
{
  GDate day;
  guint minute, second;

  local_time (tz, unix_time, &day, &minute, &second);
  return state_at (self, &day, minute, holidays);
}

static guint
next_boundary (DcOpeningHours *self, guint minute)
{
  for (guint i = 0; i < self->boundaries->len; i++)
    {
      guint boundary = g_array_index (self->boundaries, guint16, i);

      if (boundary > minute)
        return boundary;
    }
  return DC_MINUTES_PER_DAY;
}

/* The first second after @from at which the offset differs from @from's;
 * @to's differs. GTimeZone does not list its transitions. */
static gint64
find_transition (GTimeZone *tz, gint64 from, gint64 to)
{
  gint32 offset = utc_offset (tz, from);

  while (to - from > 1)
    {
      gint64 middle = from + (to - from) / 2;

      if (utc_offset (tz, middle) == offset)
        from = middle;
      else
        to = middle;
    }
  return to;
}

/* Steps from one candidate instant to the next — a minute at which some
 * rule starts or ends, or a change of the clock — and stops at the first
 * whose state differs from @state. */
static gboolean
find_next_change (DcOpeningHours *self, GTimeZone *tz, gint64 from, DcOpenState state,
                  const Holidays *holidays, gint64 *change)
{
  gint64 limit = from + SEARCH_DAYS * SECONDS_PER_DAY;
  gint64 t = from;

  while (t <= limit)
    {
      GDate day;
      guint minute, second;
      gint64 next;

      local_time (tz, t, &day, &minute, &second);
      next = t - second + (gint64)(next_boundary (self, minute) - minute) * 60;
      if (utc_offset (tz, next) != utc_offset (tz, t))
        next = find_transition (tz, t, next);
      if (next > limit)
        break;
      if (state_at_instant (self, tz, next, holidays) != state)
        {
          *change = next;
          return TRUE;
        }
      t = next;
    }
  return FALSE;
}

/**
 * dc_opening_hours_get_state_with_holidays:
 * @self: a #DcOpeningHours
 * @at: the instant to evaluate
 * @tz: the place's time zone
 * @holidays: (array length=n_holidays) (nullable): the public holidays, as
 *   local dates of the place
 * @n_holidays: the number of @holidays
 * @next_change: (out) (optional) (nullable): when the state changes next,
 *   in @tz, looked for up to 8 days ahead; %NULL if not within them
 *
 * Like dc_opening_hours_get_state(), for when the public holidays around
 * @at are known.
 *
 * Returns: open, closed, or unknown where a rule says "unknown" or carries
 *   a comment ("by appointment")
 */
DcOpenState
dc_opening_hours_get_state_with_holidays (DcOpeningHours *self, GDateTime *at, GTimeZone *tz,
                                          const GDate *holidays, gsize n_holidays,
                                          GDateTime **next_change)
{
  Holidays days = { holidays, n_holidays };
  gint64 now, change;
  DcOpenState state;

  g_return_val_if_fail (self != NULL, DC_OPEN_STATE_UNKNOWN);
  g_return_val_if_fail (at != NULL, DC_OPEN_STATE_UNKNOWN);
  g_return_val_if_fail (tz != NULL, DC_OPEN_STATE_UNKNOWN);
  g_return_val_if_fail (holidays != NULL || n_holidays == 0, DC_OPEN_STATE_UNKNOWN);

  now = g_date_time_to_unix (at);
  state = state_at_instant (self, tz, now, &days);
  if (next_change != NULL)
    {
      *next_change = NULL;
      if (find_next_change (self, tz, now, state, &days, &change))
        {
          g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (change);

          *next_change = g_date_time_to_timezone (utc, tz);
        }
    }
  return state;
}

/**
 * dc_opening_hours_get_state:
 * @self: a #DcOpeningHours
 * @at: the instant to evaluate
 * @tz: the place's time zone
 * @next_change: (out) (optional) (nullable): when the state changes next,
 *   in @tz, looked for up to 8 days ahead; %NULL if not within them (as
 *   for "24/7")
 *
 * The state at @at, every day taken as an ordinary day (no public holiday).
 *
 * Returns: open, closed, or unknown
 */
DcOpenState
dc_opening_hours_get_state (DcOpeningHours *self, GDateTime *at, GTimeZone *tz,
                            GDateTime **next_change)
{
  return dc_opening_hours_get_state_with_holidays (self, at, tz, NULL, 0, next_change);
}

/**
 * dc_opening_hours_evaluate:
 * @expr: an OpenStreetMap opening_hours value
 * @at: the instant to evaluate
 * @tz: the place's time zone
 * @next_change: (out) (optional) (nullable): as for dc_opening_hours_get_state()
 *
 * Returns: the state, %DC_OPEN_STATE_UNKNOWN if @expr is not understood
 */
DcOpenState
dc_opening_hours_evaluate (const char *expr, GDateTime *at, GTimeZone *tz, GDateTime **next_change)
{
  g_autoptr (DcOpeningHours) hours = dc_opening_hours_parse (expr, NULL);

  if (next_change != NULL)
    *next_change = NULL;
  if (hours == NULL)
    return DC_OPEN_STATE_UNKNOWN;
  return dc_opening_hours_get_state (hours, at, tz, next_change);
}

static void
append_span (GArray *spans, guint start, guint end, DcOpenState state)
{
  DcOpeningSpan span = { start, end, state };

  if (state == DC_OPEN_STATE_CLOSED)
    return;
  if (spans->len > 0)
    {
      DcOpeningSpan *last = &g_array_index (spans, DcOpeningSpan, spans->len - 1);

      if (last->end == start && last->state == state)
        {
          last->end = end;
          return;
        }
    }
  g_array_append_val (spans, span);
}

/**
 * dc_opening_hours_dup_day_spans:
 * @self: a #DcOpeningHours
 * @date: a local date of the place
 * @public_holiday: whether to take @date as a public holiday
 *
 * The hours of one day on the wall clock, for a week's table on a details
 * page: "Mo-Fr 22:00-02:00" gives Tuesday 00:00-02:00 and 22:00-24:00.
 *
 * Returns: (transfer full) (element-type DcOpeningSpan): the stretches that
 *   are open or unknown, in order; empty on a closed day
 */
GArray *
dc_opening_hours_dup_day_spans (DcOpeningHours *self, const GDate *date, gboolean public_holiday)
{
  Holidays holidays = { date, public_holiday ? 1 : 0 };
  GArray *spans;
  guint start = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  spans = g_array_new (FALSE, FALSE, sizeof (DcOpeningSpan));
  for (guint i = 0; i < self->boundaries->len; i++)
    {
      guint end = g_array_index (self->boundaries, guint16, i);

      append_span (spans, start, end, state_at (self, date, start, &holidays));
      start = end;
    }
  return spans;
}
