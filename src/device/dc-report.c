/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include "dc-finding.h"
#include "dc-report.h"

/**
 * dc_report_build:
 * @identity: (nullable): the device's identity
 * @findings: (element-type DcFinding): the findings, in the order to write
 * @generated: when the diagnosis ran
 *
 * The report, the same from the app, the command line and as a chat
 * attachment:
 * |[
 * {"schema": "device-care/report/1", "generated": "2024-05-04T10:00:00Z",
 *  "device": {…the identity…},
 *  "findings": [{"id", "category", "status", "title", "summary", "advice",
 *                "values": {…}}, …]}
 * ]|
 * It holds the serial number and IMEIs in clear: it leaves the device only
 * when the customer chooses to send it.
 *
 * Returns: (transfer full): the report
 */
JsonNode *
dc_report_build (DcIdentity *identity, GListModel *findings, GDateTime *generated)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GDateTime) utc = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (identity == NULL || DC_IS_IDENTITY (identity), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (findings), NULL);
  g_return_val_if_fail (generated != NULL, NULL);

  utc = g_date_time_to_utc (generated);
  when = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "schema");
  json_builder_add_string_value (builder, DC_REPORT_SCHEMA);
  json_builder_set_member_name (builder, "generated");
  json_builder_add_string_value (builder, when);
  json_builder_set_member_name (builder, "device");
  if (identity != NULL)
    json_builder_add_value (builder, dc_identity_to_json (identity));
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "findings");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (findings); i++)
    {
      g_autoptr (DcFinding) finding = g_list_model_get_item (findings, i);
      json_builder_add_value (builder, dc_finding_to_json (finding));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/**
 * dc_report_to_string:
 * @report: a report from dc_report_build()
 * @pretty: whether to indent it over several lines, for a person
 *
 * Returns: (transfer full): the report as UTF-8 JSON, without a newline
 */
char *
dc_report_to_string (JsonNode *report, gboolean pretty)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, report);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}
