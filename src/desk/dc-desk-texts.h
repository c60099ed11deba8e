/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the desk says to customers, in their language (de en es fr it). */
typedef enum
{
  DC_DESK_TEXT_GREETING,
  DC_DESK_TEXT_FORM_TITLE,
  DC_DESK_TEXT_FORM_INSTRUCTIONS,
  DC_DESK_TEXT_FIELD_SERIAL,
  DC_DESK_TEXT_FIELD_MODEL,
  DC_DESK_TEXT_FIELD_OS,
  DC_DESK_TEXT_FIELD_CATEGORY,
  DC_DESK_TEXT_FIELD_DESCRIPTION,
  DC_DESK_TEXT_CATEGORY_BATTERY,
  DC_DESK_TEXT_CATEGORY_DISPLAY,
  DC_DESK_TEXT_CATEGORY_NETWORK,
  DC_DESK_TEXT_CATEGORY_CAMERA,
  DC_DESK_TEXT_CATEGORY_SOFTWARE,
  DC_DESK_TEXT_CATEGORY_OTHER,
  DC_DESK_TEXT_ANSWER_INTRO,
  DC_DESK_TEXT_ANSWER_FOLLOW_UP,
  DC_DESK_TEXT_QUEUED,        /* {position} {minutes} */
  DC_DESK_TEXT_QUEUE_MOVED,   /* {position} {minutes} */
  DC_DESK_TEXT_AGENT_JOINING, /* {agent} */
  DC_DESK_TEXT_TRANSFER,      /* {agent} */
  DC_DESK_TEXT_RATING,
  DC_DESK_TEXT_RATING_TITLE,
  DC_DESK_TEXT_FIELD_RATING,
  DC_DESK_TEXT_FIELD_COMMENT,
  DC_DESK_TEXT_STARS_1,
  DC_DESK_TEXT_STARS_2,
  DC_DESK_TEXT_STARS_3,
  DC_DESK_TEXT_STARS_4,
  DC_DESK_TEXT_STARS_5,
  DC_DESK_TEXT_THANKS,
  DC_DESK_TEXT_CLOSED_IDLE,
  DC_DESK_TEXT_CLOSED_NOW, /* {when} */
  DC_DESK_TEXT_CLOSED_NO_HOURS,
  DC_DESK_TEXT_OPEN_CHANNELS,
  DC_DESK_TEXT_NO_CHANNELS,
  DC_DESK_TEXT_TODAY,    /* {time} */
  DC_DESK_TEXT_TOMORROW, /* {time} */
  DC_DESK_TEXT_ON_DAY,   /* {day} {time} */
  DC_DESK_TEXT_MONDAY,
  DC_DESK_TEXT_TUESDAY,
  DC_DESK_TEXT_WEDNESDAY,
  DC_DESK_TEXT_THURSDAY,
  DC_DESK_TEXT_FRIDAY,
  DC_DESK_TEXT_SATURDAY,
  DC_DESK_TEXT_SUNDAY,
  DC_DESK_TEXT_CHANNEL_HOTLINE,
  DC_DESK_TEXT_CHANNEL_EMAIL,
  DC_DESK_TEXT_CHANNEL_WEBSITE,
  DC_DESK_TEXT_CHANNEL_WHATSAPP,
  DC_DESK_TEXT_CHANNEL_TELEGRAM,
  DC_DESK_TEXT_CHANNEL_SIGNAL,
  DC_DESK_TEXT_TOO_FAST,
  DC_DESK_TEXT_ANSWER_TOO_LONG, /* {length} */
  DC_DESK_TEXT_DESCRIPTION_NEEDED,
  DC_DESK_TEXT_RATING_NEEDED,
  DC_DESK_TEXT_TOO_MANY_SESSIONS,
  DC_DESK_N_TEXTS
} DcDeskText;

/* "de" for "de_DE.UTF-8", "de-AT" or "de"; "en" for a language the desk does not speak. */
const char *dc_desk_language_from_locale (const char *locale);
const char *dc_desk_text (const char *language, DcDeskText text);
/* The text with each {name} replaced: pairs of name and value, then NULL. */
char *dc_desk_text_format (const char *language, DcDeskText text, ...) G_GNUC_NULL_TERMINATED;
/* "today at 09:00", "tomorrow at 09:00" or "on Monday at 09:00", as @when is from @now. */
char *dc_desk_text_when (const char *language, GDateTime *when, GDateTime *now);

G_END_DECLS
