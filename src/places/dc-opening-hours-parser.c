/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-places"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-opening-hours-private.h"
#include "dc-place-collection.h"

/*
 * The part of the OpenStreetMap opening_hours syntax Device Care reads
 * (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification):
 *
 *   rules     = group (("; " | " || ") group)*
 *   group     = rule (", " rule)*              after times, a modifier or a comment
 *   rule      = [dates [":"]] [days [":"]] [times | "24/7"] [modifier] [comment]
 *   dates     = date ("," date)*               "Jan-Mar", "Dec 24", "Dec 24-26", "Dec 31-Jan 01"
 *   days      = "PH" [weekdays] | day ("," day)*
 *   day       = "Mo".."Su" ["-" "Mo".."Su"] | "PH"
 *   times     = hh:mm "-" hh:mm ("," hh:mm "-" hh:mm)*
 *   modifier  = "open" | "closed" | "off" | "unknown"
 *   comment   = '"' text '"'
 *
 * Anything else — sunrise, open ends ("18:00+"), week numbers, years,
 * school holidays, "Mo[1]", "easter" — is an error, so the caller says
 * "unknown" instead of guessing.
 */

typedef enum
{
  TOKEN_END,
  TOKEN_WEEKDAY, /* value: GDateWeekday */
  TOKEN_MONTH,   /* value: GDateMonth */
  TOKEN_HOLIDAY, /* PH */
  TOKEN_NUMBER,
  TOKEN_TIME, /* value: minutes from midnight, up to 99:59 */
  TOKEN_DASH,
  TOKEN_COMMA,
  TOKEN_COLON,
  TOKEN_RULE_SEPARATOR,
  TOKEN_FALLBACK,
  TOKEN_ALWAYS,
  TOKEN_STATE, /* value: DcOpenState */
  TOKEN_COMMENT,
} TokenKind;

typedef struct
{
  TokenKind kind;
  int value;
  gsize offset; /* in the expression */
  gsize length;
} Token;

typedef struct
{
  const char *expr;
  GArray *tokens;
  guint pos;
} Parser;

static const struct
{
  const char *word;
  TokenKind kind;
  int value;
} words[] = {
  { "Mo", TOKEN_WEEKDAY, G_DATE_MONDAY },       { "Tu", TOKEN_WEEKDAY, G_DATE_TUESDAY },
  { "We", TOKEN_WEEKDAY, G_DATE_WEDNESDAY },    { "Th", TOKEN_WEEKDAY, G_DATE_THURSDAY },
  { "Fr", TOKEN_WEEKDAY, G_DATE_FRIDAY },       { "Sa", TOKEN_WEEKDAY, G_DATE_SATURDAY },
  { "Su", TOKEN_WEEKDAY, G_DATE_SUNDAY },       { "Jan", TOKEN_MONTH, G_DATE_JANUARY },
  { "Feb", TOKEN_MONTH, G_DATE_FEBRUARY },      { "Mar", TOKEN_MONTH, G_DATE_MARCH },
  { "Apr", TOKEN_MONTH, G_DATE_APRIL },         { "May", TOKEN_MONTH, G_DATE_MAY },
  { "Jun", TOKEN_MONTH, G_DATE_JUNE },          { "Jul", TOKEN_MONTH, G_DATE_JULY },
  { "Aug", TOKEN_MONTH, G_DATE_AUGUST },        { "Sep", TOKEN_MONTH, G_DATE_SEPTEMBER },
  { "Oct", TOKEN_MONTH, G_DATE_OCTOBER },       { "Nov", TOKEN_MONTH, G_DATE_NOVEMBER },
  { "Dec", TOKEN_MONTH, G_DATE_DECEMBER },      { "PH", TOKEN_HOLIDAY, 0 },
  { "open", TOKEN_STATE, DC_OPEN_STATE_OPEN },  { "closed", TOKEN_STATE, DC_OPEN_STATE_CLOSED },
  { "off", TOKEN_STATE, DC_OPEN_STATE_CLOSED }, { "unknown", TOKEN_STATE, DC_OPEN_STATE_UNKNOWN },
};

void
dc_hours_rule_free (DcHoursRule *rule)
{
  g_clear_pointer (&rule->dates, g_array_unref);
  g_clear_pointer (&rule->spans, g_array_unref);
  g_free (rule->comment);
  g_free (rule);
}

static gsize
scan_word (const char *p, Token *token)
{
  gsize n = 0;

  while (g_ascii_isalpha (p[n]))
    n++;
  for (gsize i = 0; i < G_N_ELEMENTS (words); i++)
    {
      /* Case does not matter: "mo-fr" is common and unambiguous. */
      if (strlen (words[i].word) == n && g_ascii_strncasecmp (p, words[i].word, n) == 0)
        {
          token->kind = words[i].kind;
          token->value = words[i].value;
          return n;
        }
    }
  return 0;
}

static gsize
scan_number (const char *p, Token *token)
{
  gsize n = 0;

  while (g_ascii_isdigit (p[n]))
    n++;
  if (n > 2)
    return 0;
  if (strncmp (p, "24/7", 4) == 0 && !g_ascii_isalnum (p[4]))
    {
      token->kind = TOKEN_ALWAYS;
      return 4;
    }
  token->value = 0;
  for (gsize i = 0; i < n; i++)
    token->value = token->value * 10 + (p[i] - '0');
  if (p[n] == ':' && g_ascii_isdigit (p[n + 1]) && g_ascii_isdigit (p[n + 2])
      && !g_ascii_isdigit (p[n + 3]))
    {
      int minutes = (p[n + 1] - '0') * 10 + (p[n + 2] - '0');

      if (minutes >= 60)
        return 0;
      token->kind = TOKEN_TIME;
      token->value = token->value * 60 + minutes;
      return n + 3;
    }
  token->kind = TOKEN_NUMBER;
  return n;
}

/* Reads one token at @p into @token; returns its length, 0 if not understood. */
static gsize
scan_token (const char *p, Token *token)
{
  static const char singles[] = "-,:;";
  static const TokenKind single_kinds[]
    = { TOKEN_DASH, TOKEN_COMMA, TOKEN_COLON, TOKEN_RULE_SEPARATOR };
  const char *single = *p != '\0' ? strchr (singles, *p) : NULL;

  if (single != NULL)
    {
      token->kind = single_kinds[single - singles];
      return 1;
    }
  if (p[0] == '|' && p[1] == '|')
    {
      token->kind = TOKEN_FALLBACK;
      return 2;
    }
  if (p[0] == '"')
    {
      const char *end = strchr (p + 1, '"');

      token->kind = TOKEN_COMMENT;
      return end != NULL ? (gsize)(end - p) + 1 : 0;
    }
  if (g_ascii_isdigit (*p))
    return scan_number (p, token);
  if (g_ascii_isalpha (*p))
    return scan_word (p, token);
  return 0;
}

/* A few words from @offset on, for a message. */
static char *
excerpt (const char *expr, gsize offset)
{
  g_autofree char *rest = g_strdup (expr + offset);
  char *separator = strchr (rest, ';');

  if (separator != NULL)
    *separator = '\0';
  g_strstrip (rest);
  if (g_utf8_strlen (rest, -1) > 32)
    {
      g_autofree char *start = g_utf8_substring (rest, 0, 32);
      return g_strconcat (start, "…", NULL);
    }
  return g_steal_pointer (&rest);
}

static gboolean
fail_at (const char *expr, gsize offset, GError **error)
{
  g_autofree char *what = NULL;

  if (expr[offset] == '\0')
    {
      /* Translators: %s is an OpenStreetMap opening_hours value such as “Mo-Fr 09:00-”. */
      g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_HOURS,
                   _ ("Opening hours “%s” end too early"), expr);
      return FALSE;
    }
  what = excerpt (expr, offset);
  /* Translators: %s is the part of an OpenStreetMap opening_hours value that
   * could not be read, such as “sunrise-sunset”. */
  g_set_error (error, DC_PLACES_ERROR, DC_PLACES_ERROR_HOURS,
               _ ("Opening hours: “%s” is not understood"), what);
  return FALSE;
}

static gboolean
tokenize (const char *expr, GArray *tokens, GError **error)
{
  const char *p = expr;
  Token end = { TOKEN_END, 0, strlen (expr), 0 };

  while (*p != '\0')
    {
      Token token = { TOKEN_END, 0, p - expr, 0 };

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      token.length = scan_token (p, &token);
      if (token.length == 0)
        return fail_at (expr, p - expr, error);
      g_array_append_val (tokens, token);
      p += token.length;
    }
  g_array_append_val (tokens, end);
  return TRUE;
}

static const Token *
peek (Parser *parser, guint ahead)
{
  guint last = parser->tokens->len - 1;

  return &g_array_index (parser->tokens, Token, MIN (parser->pos + ahead, last));
}

static gboolean
accept (Parser *parser, TokenKind kind)
{
  if (peek (parser, 0)->kind != kind)
    return FALSE;
  parser->pos++;
  return TRUE;
}

static gboolean
fail (Parser *parser, const Token *token, GError **error)
{
  return fail_at (parser->expr, token->offset, error);
}

static gboolean
parse_weekday_range (Parser *parser, DcHoursRule *rule)
{
  int from = peek (parser, 0)->value;
  int to = from;

  parser->pos++;
  if (peek (parser, 0)->kind == TOKEN_DASH && peek (parser, 1)->kind == TOKEN_WEEKDAY)
    {
      to = peek (parser, 1)->value;
      parser->pos += 2;
    }
  /* "Fr-Mo" runs over the weekend. */
  for (int day = from;; day = day % 7 + 1)
    {
      rule->weekdays |= 1 << (day - 1);
      if (day == to)
        break;
    }
  return TRUE;
}

static gboolean
is_day_token (const Token *token)
{
  return token->kind == TOKEN_WEEKDAY || token->kind == TOKEN_HOLIDAY;
}

/* "Mo-Fr", "Sa,Su", "Su,PH" (Sundays or holidays), "PH" and "PH Mo-Fr"
 * (holidays that fall on those days), as opening_hours.js reads them. */
static gboolean
parse_days (Parser *parser, DcHoursRule *rule, GError **error)
{
  if (peek (parser, 0)->kind == TOKEN_HOLIDAY && peek (parser, 1)->kind != TOKEN_COMMA)
    {
      rule->holiday_and = TRUE;
      parser->pos++;
      if (peek (parser, 0)->kind != TOKEN_WEEKDAY)
        return TRUE;
    }
  do
    {
      const Token *token = peek (parser, 0);

      if (token->kind == TOKEN_HOLIDAY && !rule->holiday_and)
        {
          rule->holiday_or = TRUE;
          parser->pos++;
        }
      else if (token->kind == TOKEN_WEEKDAY)
        parse_weekday_range (parser, rule);
      else
        return fail (parser, token, error);
    }
  while (peek (parser, 0)->kind == TOKEN_COMMA && is_day_token (peek (parser, 1))
         && accept (parser, TOKEN_COMMA));
  return TRUE;
}

static gboolean
parse_day_of_month (Parser *parser, int month, guint16 *month_day, GError **error)
{
  const Token *token = peek (parser, 0);

  /* 2000 is a leap year: "Feb 29" is a day. */
  if (token->kind != TOKEN_NUMBER || token->value < 1
      || token->value > g_date_get_days_in_month (month, 2000))
    return fail (parser, token, error);
  *month_day = month * 100 + token->value;
  parser->pos++;
  return TRUE;
}

/* "Jan", "Jan-Mar", "Dec 24", "Dec 24-26", "Dec 31-Jan 01". */
static gboolean
parse_date_range (Parser *parser, DcMonthDayRange *range, GError **error)
{
  int month = peek (parser, 0)->value;
  int to_month = month;

  parser->pos++;
  if (peek (parser, 0)->kind != TOKEN_NUMBER)
    {
      if (peek (parser, 0)->kind == TOKEN_DASH && peek (parser, 1)->kind == TOKEN_MONTH)
        {
          to_month = peek (parser, 1)->value;
          parser->pos += 2;
        }
      range->from = month * 100 + 1;
      range->to = to_month * 100 + 31;
      return TRUE;
    }
  if (!parse_day_of_month (parser, month, &range->from, error))
    return FALSE;
  range->to = range->from;
  if (!accept (parser, TOKEN_DASH))
    return TRUE;
  if (peek (parser, 0)->kind == TOKEN_MONTH)
    {
      to_month = peek (parser, 0)->value;
      parser->pos++;
    }
  return parse_day_of_month (parser, to_month, &range->to, error);
}

static gboolean
parse_dates (Parser *parser, DcHoursRule *rule, GError **error)
{
  rule->dates = g_array_new (FALSE, FALSE, sizeof (DcMonthDayRange));
  do
    {
      DcMonthDayRange range;

      if (!parse_date_range (parser, &range, error))
        return FALSE;
      g_array_append_val (rule->dates, range);
    }
  while (peek (parser, 0)->kind == TOKEN_COMMA && peek (parser, 1)->kind == TOKEN_MONTH
         && accept (parser, TOKEN_COMMA));
  /* "Dec 24: 10:00-14:00", a colon for readability. */
  accept (parser, TOKEN_COLON);
  return TRUE;
}

/* One time range, as minutes from the start of the day it belongs to: the
 * end may be on the next day, up to 48:00, as "22:00-02:00" is 1320-1560. */
static gboolean
parse_time_range (Parser *parser, GArray *ranges, GError **error)
{
  const Token *from = peek (parser, 0);
  const Token *to = peek (parser, 2);
  DcHoursSpan range;

  if (from->kind != TOKEN_TIME || from->value >= DC_MINUTES_PER_DAY)
    return fail (parser, from, error);
  if (peek (parser, 1)->kind != TOKEN_DASH)
    return fail (parser, peek (parser, 1), error);
  if (to->kind != TOKEN_TIME)
    return fail (parser, to, error);
  range.start = from->value;
  range.end = to->value <= from->value ? to->value + DC_MINUTES_PER_DAY : to->value;
  if (range.end > 2 * DC_MINUTES_PER_DAY)
    return fail (parser, to, error);
  g_array_append_val (ranges, range);
  parser->pos += 3;
  return TRUE;
}

static gboolean
parse_times (Parser *parser, GArray *ranges, GError **error)
{
  if (accept (parser, TOKEN_ALWAYS))
    {
      DcHoursSpan always = { 0, DC_MINUTES_PER_DAY };

      g_array_append_val (ranges, always);
      return TRUE;
    }
  do
    {
      if (!parse_time_range (parser, ranges, error))
        return FALSE;
    }
  while (peek (parser, 0)->kind == TOKEN_COMMA && peek (parser, 1)->kind == TOKEN_TIME
         && accept (parser, TOKEN_COMMA));
  return TRUE;
}

/* Splits the rule's time ranges into its own day's part and the part after
 * midnight; the latter becomes the wrapped rule that follows it. */
static DcHoursRule *
split_at_midnight (DcHoursRule *rule, GArray *ranges)
{
  g_autoptr (DcHoursRule) wrapped = NULL;

  rule->spans = g_array_new (FALSE, FALSE, sizeof (DcHoursSpan));
  for (guint i = 0; i < ranges->len; i++)
    {
      DcHoursSpan range = g_array_index (ranges, DcHoursSpan, i);
      DcHoursSpan today = { range.start, MIN (range.end, DC_MINUTES_PER_DAY) };
      DcHoursSpan tomorrow = { 0, range.end - DC_MINUTES_PER_DAY };

      g_array_append_val (rule->spans, today);
      if (range.end <= DC_MINUTES_PER_DAY)
        continue;
      if (wrapped == NULL)
        {
          wrapped = g_new0 (DcHoursRule, 1);
          *wrapped = (DcHoursRule){ rule->weekdays, rule->holiday_or, rule->holiday_and };
          wrapped->dates = rule->dates != NULL ? g_array_ref (rule->dates) : NULL;
          wrapped->state = rule->state;
          wrapped->comment = g_strdup (rule->comment);
          wrapped->spans = g_array_new (FALSE, FALSE, sizeof (DcHoursSpan));
          wrapped->wrapped = TRUE;
        }
      g_array_append_val (wrapped->spans, tomorrow);
    }
  if (ranges->len == 0)
    {
      DcHoursSpan whole_day = { 0, DC_MINUTES_PER_DAY };

      g_array_append_val (rule->spans, whole_day);
    }
  return g_steal_pointer (&wrapped);
}

/* Returns whether there was either. */
static gboolean
parse_modifier_and_comment (Parser *parser, DcHoursRule *rule)
{
  const Token *token = peek (parser, 0);
  gboolean has_modifier = token->kind == TOKEN_STATE;

  if (has_modifier)
    {
      rule->state = token->value;
      parser->pos++;
      token = peek (parser, 0);
    }
  if (token->kind == TOKEN_COMMENT)
    {
      rule->comment = g_strndup (parser->expr + token->offset + 1, token->length - 2);
      /* A comment without "open" qualifies the hours: "by appointment". */
      if (!has_modifier)
        rule->state = DC_OPEN_STATE_UNKNOWN;
      parser->pos++;
      return TRUE;
    }
  return has_modifier;
}

static gboolean
rule_has_days (DcHoursRule *rule)
{
  return rule->weekdays != 0 || rule->holiday_or || rule->holiday_and;
}

/* One rule, and the wrapped rule that holds its hours past midnight, if
 * any. @more is set when a "," starts another rule of the same group. */
static gboolean
parse_rule (Parser *parser, GPtrArray *rules, gboolean *more, GError **error)
{
  g_autoptr (DcHoursRule) rule = g_new0 (DcHoursRule, 1);
  g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (DcHoursSpan));
  guint start = parser->pos;
  DcHoursRule *wrapped;
  gboolean qualified;

  rule->state = DC_OPEN_STATE_OPEN;
  if (peek (parser, 0)->kind == TOKEN_MONTH && !parse_dates (parser, rule, error))
    return FALSE;
  if (is_day_token (peek (parser, 0)) && !parse_days (parser, rule, error))
    return FALSE;
  /* "Mo-Fr: 09:00-18:00", a colon for readability. */
  if (rule_has_days (rule))
    accept (parser, TOKEN_COLON);
  if ((peek (parser, 0)->kind == TOKEN_TIME || peek (parser, 0)->kind == TOKEN_ALWAYS)
      && !parse_times (parser, ranges, error))
    return FALSE;
  qualified = parse_modifier_and_comment (parser, rule);
  if (parser->pos == start)
    return fail (parser, peek (parser, 0), error);

  /* After times, a modifier or a comment, "," begins an additional rule. */
  *more = (ranges->len > 0 || qualified) && accept (parser, TOKEN_COMMA);
  wrapped = split_at_midnight (rule, ranges);
  g_ptr_array_add (rules, g_steal_pointer (&rule));
  if (wrapped != NULL)
    g_ptr_array_add (rules, wrapped);
  return TRUE;
}

static gboolean
parse_group (Parser *parser, gboolean fallback, GPtrArray *rules, GError **error)
{
  gboolean additional = FALSE;
  gboolean more = FALSE;

  do
    {
      guint first = rules->len;

      if (!parse_rule (parser, rules, &more, error))
        return FALSE;
      /* The wrapped part keeps neither flag, as in opening_hours.js. */
      ((DcHoursRule *)rules->pdata[first])->additional = additional;
      ((DcHoursRule *)rules->pdata[first])->fallback = fallback;
      additional = TRUE;
    }
  while (more);
  return TRUE;
}

/**
 * dc_opening_hours_parse_rules:
 * @expr: an OpenStreetMap opening_hours value
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DcHoursRule): the rules in order,
 *   wrapped rules included, or %NULL with @error naming what was not
 *   understood
 */
GPtrArray *
dc_opening_hours_parse_rules (const char *expr, GError **error)
{
  g_autoptr (GArray) tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  g_autoptr (GPtrArray) rules = g_ptr_array_new_with_free_func ((GDestroyNotify)dc_hours_rule_free);
  Parser parser = { expr, tokens, 0 };
  gboolean fallback = FALSE;

  if (!tokenize (expr, tokens, error))
    return NULL;
  while (peek (&parser, 0)->kind != TOKEN_END)
    {
      TokenKind kind = peek (&parser, 0)->kind;

      /* Empty rules, as in "Mo-Fr 09:00-18:00;", are skipped. */
      if (kind == TOKEN_RULE_SEPARATOR || kind == TOKEN_FALLBACK)
        {
          fallback = kind == TOKEN_FALLBACK;
          parser.pos++;
          continue;
        }
      if (!parse_group (&parser, fallback, rules, error))
        return NULL;
      kind = peek (&parser, 0)->kind;
      if (kind != TOKEN_END && kind != TOKEN_RULE_SEPARATOR && kind != TOKEN_FALLBACK)
        {
          fail (&parser, peek (&parser, 0), error);
          return NULL;
        }
    }
  if (rules->len == 0)
    {
      g_set_error_literal (error, DC_PLACES_ERROR, DC_PLACES_ERROR_HOURS,
                           _ ("Opening hours are empty"));
      return NULL;
    }
  return g_steal_pointer (&rules);
}
