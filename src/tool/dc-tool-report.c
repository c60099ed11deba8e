/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-diagnosis.h"
#include "dc-report.h"
#include "dc-tool-private.h"

static GOptionContext *
new_context (gboolean *pretty)
{
  const GOptionEntry entries[] = {
    { "pretty", 'p', 0, G_OPTION_ARG_NONE, pretty,
      N_ ("Indent the JSON over several lines, for a person to read"), NULL },
    { NULL },
  };
  GOptionContext *context = g_option_context_new (NULL);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (
    context, _ ("Diagnose the device and print the report as JSON: its identity, then a finding "
                "for the battery, each disk, memory, processor, temperature, network, modem and "
                "sensors"));
  g_option_context_set_description (
    context, _ ("Each finding has a status: ok, warning, critical, or unknown with the reason in "
                "its summary. A value that could not be read is null. System services are asked "
                "on the system bus, 2 seconds at most each. Set DEVICE_CARE_ROOT to read a "
                "captured device tree instead of this device."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/**
 * dc_tool_report:
 * @argc: the number of arguments, the command's name included
 * @argv: (array length=argc): the arguments, starting with "report"
 *
 * `device-care-tool report [--pretty]`: diagnoses the device under
 * DEVICE_CARE_ROOT and prints the report (DESIGN §2), one line unless
 * --pretty. A part that could not be checked is an unknown finding, not a
 * failure: the exit status is 1 only when the device could not be read.
 *
 * Returns: the exit status
 */
int
dc_tool_report (int argc, char **argv)
{
  gboolean pretty = FALSE;
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autofree char *json = NULL;

  g_set_prgname ("device-care-tool report");
  context = new_context (&pretty);
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

  diagnosis = dc_diagnosis_new (NULL);
  if (!dc_diagnosis_run (diagnosis, NULL, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return DC_TOOL_EXIT_FAILURE;
    }

  report = dc_diagnosis_to_json (diagnosis);
  json = dc_report_to_string (report, pretty);
  return dc_tool_write_line (json) ? DC_TOOL_EXIT_OK : DC_TOOL_EXIT_FAILURE;
}
