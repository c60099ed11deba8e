/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "dc-opening-hours.h"

G_BEGIN_DECLS

#define DC_MINUTES_PER_DAY 1440

/* A stretch of minutes from local midnight, [start, end), end ≤ 1440. */
typedef struct
{
  guint16 start;
  guint16 end;
} DcHoursSpan;

/* Month and day as month × 100 + day, both ends included: "Dec 24-26" is
 * 1224 to 1226, "Jan-Mar" 101 to 331, "Dec 31-Jan 01" 1231 to 101 (wraps). */
typedef struct
{
  guint16 from;
  guint16 to;
} DcMonthDayRange;

/* One rule as opening_hours.js evaluates it: a rule whose times run past
 * midnight is followed by a "wrapped" copy that holds the part after
 * midnight and matches the day after the days the rule names. */
typedef struct
{
  guint8 weekdays;      /* bit (1 << (GDateWeekday - 1)); 0: no weekday named */
  gboolean holiday_or;  /* "Su,PH": public holidays are one more weekday */
  gboolean holiday_and; /* "PH", "PH Mo-Fr": only on public holidays */
  GArray *dates;        /* DcMonthDayRange, any of them; NULL: every date */
  GArray *spans;        /* DcHoursSpan, any of them; never empty */
  DcOpenState state;
  gboolean additional; /* after ",": adds to earlier rules instead of replacing them */
  gboolean fallback;   /* after "||": applies only where nothing else is open */
  gboolean wrapped;
  char *comment;
} DcHoursRule;

void dc_hours_rule_free (DcHoursRule *rule);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcHoursRule, dc_hours_rule_free)

GPtrArray *dc_opening_hours_parse_rules (const char *expr, GError **error);

G_END_DECLS
