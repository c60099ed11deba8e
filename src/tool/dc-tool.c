/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dc-tool-private.h"

#define PROGRAM_NAME "device-care-tool"

/* One row a command: later issues add report, places, hours, chat and
 * channels here, each in its own dc-tool-<command>.c. */
static const struct
{
  const char *name;
  const char *summary; /* translated when printed */
  DcToolCommandFunc run;
} commands[] = {
  { "identity", N_ ("Print the device’s maker, model, serial number and operating system as JSON"),
    dc_tool_identity },
  { "report", N_ ("Diagnose the device and print the report as JSON"), dc_tool_report },
  { "hours", N_ ("Say whether opening hours mean open or closed at a time, and until when"),
    dc_tool_hours },
  { "places", N_ ("Find the nearest service centers and stores, or check a places file"),
    dc_tool_places },
  { "channels", N_ ("List the vendor’s hotlines and other contact channels, open or not"),
    dc_tool_channels },
  { "chat", N_ ("Chat with support from the command line, one line a message, events as JSON"),
    dc_tool_chat },
};

static char *
format_usage (void)
{
  GString *usage = g_string_new (NULL);

  /* Translators: %s is the program name; COMMAND is a placeholder. */
  g_string_append_printf (usage, _ ("Usage: %s COMMAND [OPTION…]"), PROGRAM_NAME);
  g_string_append (usage, "\n\n");
  g_string_append (usage, _ ("Commands:"));
  g_string_append_c (usage, '\n');
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (usage, "  %-10s  %s\n", commands[i].name, _ (commands[i].summary));
  g_string_append_c (usage, '\n');
  g_string_append_printf (usage, _ ("Run “%s COMMAND --help” to see the options of a command."),
                          PROGRAM_NAME);
  g_string_append_c (usage, '\n');
  return g_string_free (usage, FALSE);
}

static gboolean
is_help (const char *arg)
{
  return strcmp (arg, "--help") == 0 || strcmp (arg, "-h") == 0 || strcmp (arg, "help") == 0;
}

static int
run_command (int argc, char **argv)
{
  const char *name = argv[0];

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (name, commands[i].name) == 0)
        return commands[i].run (argc, argv);
    }

  g_printerr ("%s: ", PROGRAM_NAME);
  if (name[0] == '-')
    {
      /* Translators: what the user typed, then the program name. */
      g_printerr (_ ("Unknown option “%s”. Run “%s --help” to list the commands."), name,
                  PROGRAM_NAME);
    }
  else
    {
      /* Translators: what the user typed, then the program name. */
      g_printerr (_ ("Unknown command “%s”. Run “%s --help” to list the commands."), name,
                  PROGRAM_NAME);
    }
  g_printerr ("\n");
  return DC_TOOL_EXIT_USAGE;
}

/**
 * dc_tool_write_line:
 * @text: UTF-8 text, such as JSON
 *
 * Writes @text and a newline to standard output as bytes: JSON is UTF-8 whatever the locale,
 * and g_print() would convert it to the locale's charset. On failure it says so on standard
 * error.
 *
 * Returns: %TRUE when it was written
 */
gboolean
dc_tool_write_line (const char *text)
{
  if (fputs (text, stdout) != EOF && fputc ('\n', stdout) != EOF && fflush (stdout) == 0)
    return TRUE;
  g_printerr ("%s: %s\n", g_get_prgname (), g_strerror (errno));
  return FALSE;
}

/**
 * dc_tool_format_time:
 * @time: a date and time
 *
 * Returns: (transfer full): @time in ISO 8601 with its full offset, 2026-11-23T08:00:00+01:00, the
 *   one form every command prints
 */
char *
dc_tool_format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S%:z");
}

int
main (int argc, char **argv)
{
  g_autofree char *usage = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  usage = format_usage ();

  /* No command is a usage error: the list goes to stderr and a script
   * calling the tool wrongly gets 2, while --help succeeds. */
  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return DC_TOOL_EXIT_USAGE;
    }
  if (is_help (argv[1]))
    {
      g_print ("%s", usage);
      return DC_TOOL_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print ("%s %s\n", PROGRAM_NAME, PACKAGE_VERSION);
      return DC_TOOL_EXIT_OK;
    }

  return run_command (argc - 1, argv + 1);
}
