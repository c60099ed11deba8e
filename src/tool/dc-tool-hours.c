/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dc-opening-hours.h"
#include "dc-tool-private.h"

static char *
format_answer (DcOpenState state, GDateTime *next_change)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) node = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, dc_open_state_to_string (state));
  json_builder_set_member_name (builder, "next_change");
  if (next_change != NULL)
    {
      /* Always with a numeric offset, "+00:00" rather than "Z". */
      g_autofree char *text = dc_tool_format_time (next_change);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return json_to_string (node, FALSE);
}

/* --tz, or the local zone; NULL (and a message) if it names no zone. */
static GTimeZone *
read_zone (const char *name)
{
  GTimeZone *tz;

  if (name == NULL)
    return g_time_zone_new_local ();
  tz = g_time_zone_new_identifier (name);
  if (tz == NULL)
    {
      g_printerr ("%s: ", g_get_prgname ());
      /* Translators: %s is what the user gave as --tz. */
      g_printerr (_ ("Unknown time zone “%s”: give an IANA name such as Europe/Berlin."), name);
      g_printerr ("\n");
    }
  return tz;
}

/* --at, or now; a time without an offset is read in @tz. */
static GDateTime *
read_instant (const char *text, GTimeZone *tz)
{
  GDateTime *at;

  if (text == NULL)
    return g_date_time_new_now (tz);
  at = g_date_time_new_from_iso8601 (text, tz);
  if (at == NULL)
    {
      g_printerr ("%s: ", g_get_prgname ());
      /* Translators: %s is what the user gave as --at; keep the example as it is. */
      g_printerr (_ ("“%s” is not a date and time in ISO 8601, such as 2026-03-29T01:30:00+01:00."),
                  text);
      g_printerr ("\n");
    }
  return at;
}

static GOptionContext *
create_context (char **at_text, char **tz_text)
{
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, at_text,
      N_ ("The moment to ask about, in ISO 8601 (default: now)"), N_ ("TIME") },
    { "tz", 0, 0, G_OPTION_ARG_STRING, tz_text,
      N_ ("The place’s time zone, such as Europe/Berlin (default: this computer’s)"), N_ ("ZONE") },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (_ ("EXPRESSION"));

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (
    context,
    _ ("Say whether a place with these OpenStreetMap opening hours is open, and until when"));
  g_option_context_set_description (
    context,
    _ ("Prints {\"state\": \"open\", \"closed\" or \"unknown\", \"next_change\": when that "
       "changes, or null}. Opening hours that are not understood are “unknown”, and what "
       "was not understood is written to standard error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/**
 * dc_tool_hours:
 * @argc: the number of arguments, the command's name included
 * @argv: (array length=argc): the arguments, starting with "hours"
 *
 * `device-care-tool hours EXPRESSION [--at TIME] [--tz ZONE]`: evaluates
 * an opening_hours value and prints the state and the next change as JSON.
 *
 * Returns: the exit status
 */
int
dc_tool_hours (int argc, char **argv)
{
  g_autofree char *at_text = NULL;
  g_autofree char *tz_text = NULL;
  g_autoptr (GOptionContext) context = create_context (&at_text, &tz_text);
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) tz = NULL;
  g_autoptr (GDateTime) at = NULL;
  g_autoptr (GDateTime) next_change = NULL;
  g_autoptr (DcOpeningHours) hours = NULL;
  g_autofree char *json = NULL;
  DcOpenState state = DC_OPEN_STATE_UNKNOWN;

  g_set_prgname ("device-care-tool hours");
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return DC_TOOL_EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (_ ("Give one opening_hours value, such as 'Mo-Fr 09:00-18:00; Sa 10:00-14:00'."));
      g_printerr ("\n");
      return DC_TOOL_EXIT_USAGE;
    }
  tz = read_zone (tz_text);
  if (tz == NULL)
    return DC_TOOL_EXIT_USAGE;
  at = read_instant (at_text, tz);
  if (at == NULL)
    return DC_TOOL_EXIT_USAGE;

  /* Not understood is an answer ("unknown"), not a failure. */
  hours = dc_opening_hours_parse (argv[1], &error);
  if (hours != NULL)
    state = dc_opening_hours_get_state (hours, at, tz, &next_change);
  else
    g_printerr ("%s: %s\n", g_get_prgname (), error->message);

  json = format_answer (state, next_change);
  return dc_tool_write_line (json) ? DC_TOOL_EXIT_OK : DC_TOOL_EXIT_FAILURE;
}
