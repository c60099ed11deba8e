/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-tool"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dc-tool-private.h"
#include "dc-vendor-config.h"

static gboolean
is_country (const char *code)
{
  return strlen (code) == 2 && g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]);
}

static void
add_channel (JsonBuilder *builder, DcContactChannel *channel, GDateTime *now)
{
  g_autoptr (GDateTime) next = NULL;
  g_autofree char *uri = dc_contact_channel_dup_uri (channel);
  DcOpenState state = dc_contact_channel_get_state (channel, now, &next);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (
    builder, dc_channel_type_to_string (dc_contact_channel_get_channel_type (channel)));
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, dc_contact_channel_get_label (channel));
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "country");
  if (dc_contact_channel_get_country (channel))
    json_builder_add_string_value (builder, dc_contact_channel_get_country (channel));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "hours");
  if (dc_contact_channel_get_hours (channel))
    json_builder_add_string_value (builder, dc_contact_channel_get_hours (channel));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "free_call");
  json_builder_add_boolean_value (builder, dc_contact_channel_get_free_call (channel));
  json_builder_set_member_name (builder, "open");
  json_builder_add_string_value (builder, dc_open_state_to_string (state));
  json_builder_set_member_name (builder, "next_change");
  if (next != NULL)
    {
      g_autofree char *text = dc_tool_format_time (next);
      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/**
 * dc_tool_channels:
 * @argc: the number of arguments, the command's name included
 * @argv: (array length=argc): the arguments, starting with "channels"
 *
 * `device-care-tool channels [--country CC] [--at ISO8601] [--pretty]`: the contact channels of
 * the vendor configuration for a country (the locale's by default), as a JSON array, each with
 * whether it is open.
 *
 * Returns: the exit status
 */
int
dc_tool_channels (int argc, char **argv)
{
  g_autofree char *country = NULL;
  g_autofree char *at = NULL;
  gboolean pretty = FALSE;
  const GOptionEntry entries[] = {
    { "country", 'c', 0, G_OPTION_ARG_STRING, &country,
      N_ ("The country, two letters such as DE (default: the locale’s)"), N_ ("CC") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at,
      N_ ("The moment to ask about, in ISO 8601 (default: now)"), N_ ("TIME") },
    { "pretty", 'p', 0, G_OPTION_ARG_NONE, &pretty,
      N_ ("Indent the JSON over several lines, for a person to read"), NULL },
    { NULL },
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) problem = NULL;
  g_autoptr (DcVendorConfig) config = NULL;
  g_autoptr (GListModel) channels = NULL;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *json = NULL;

  g_set_prgname ("device-care-tool channels");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (
    context, _ ("List the vendor’s hotlines and other contact channels, open or not"));
  g_option_context_set_description (
    context, _ ("Prints a JSON array of {\"type\", \"label\", \"uri\", \"country\", \"hours\", "
                "\"free_call\", \"open\", \"next_change\"}. The vendor configuration is "
                "$DEVICE_CARE_VENDOR_CONF, /etc/device-care/vendor.conf or the shipped one."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s: %s\n", g_get_prgname (), error->message);
      return DC_TOOL_EXIT_USAGE;
    }
  if (country != NULL && !is_country (country))
    {
      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (_ ("“%s” is not a country code: give two capital letters, such as DE."), country);
      g_printerr ("\n");
      return DC_TOOL_EXIT_USAGE;
    }
  now = at ? g_date_time_new_from_iso8601 (at, NULL) : g_date_time_new_now_local ();
  if (now == NULL)
    {
      g_printerr ("%s: ", g_get_prgname ());
      g_printerr (_ ("“%s” is not a date and time in ISO 8601, such as "
                     "2026-03-29T01:30:00+01:00."),
                  at);
      g_printerr ("\n");
      return DC_TOOL_EXIT_USAGE;
    }

  config = dc_vendor_config_load (&problem);
  if (problem != NULL)
    g_printerr ("%s: %s\n", g_get_prgname (), problem->message);
  if (country == NULL)
    country = dc_locale_country (NULL);
  channels = dc_vendor_config_dup_channels_for_country (config, country);

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (channels); i++)
    {
      g_autoptr (DcContactChannel) channel = g_list_model_get_item (channels, i);
      add_channel (builder, channel, now);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, pretty);
  return dc_tool_write_line (json) ? DC_TOOL_EXIT_OK : DC_TOOL_EXIT_FAILURE;
}
