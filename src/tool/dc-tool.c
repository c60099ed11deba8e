/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include "config.h"

#include <locale.h>
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
