/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "dc-identity.h"
#include "dc-tool-private.h"

/**
 * dc_tool_identity:
 * @argc: the number of arguments, the command's name included
 * @argv: (array length=argc): the arguments, starting with "identity"
 *
 * `device-care-tool identity [--pretty]`: prints the identity of the device
 * under DEVICE_CARE_ROOT as JSON, one line unless --pretty.
 *
 * Returns: the exit status
 */
int
dc_tool_identity (int argc, char **argv)
{
  gboolean pretty = FALSE;
  const GOptionEntry entries[] = {
    { "pretty", 'p', 0, G_OPTION_ARG_NONE, &pretty,
      N_ ("Indent the JSON over several lines, for a person to read"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_set_prgname ("device-care-tool identity");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (
    context, _ ("Print the device’s maker, model, serial number and operating system as JSON"));
  g_option_context_set_description (
    context, _ ("Anything that could not be read is null. Without a serial number, "
                "“serial” also holds the “reason”. Set DEVICE_CARE_ROOT to read a "
                "captured device tree instead of this device."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return DC_TOOL_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (_ ("Unexpected argument “%s”: this command takes only options."), argv[1]);
      g_printerr ("\n");
      return DC_TOOL_EXIT_USAGE;
    }

  identity = dc_identity_read (NULL, NULL, &error);
  if (identity == NULL)
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return DC_TOOL_EXIT_FAILURE;
    }

  node = dc_identity_to_json (identity);
  json = json_to_string (node, pretty);
  return dc_tool_write_line (json) ? DC_TOOL_EXIT_OK : DC_TOOL_EXIT_FAILURE;
}
