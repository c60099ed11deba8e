/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * DcFindingStatus:
 *
 * The verdict of a finding, ordered from the best to the worst so statuses
 * compare: %DC_FINDING_STATUS_UNKNOWN is worse than ok (nothing could be
 * checked) and better than a warning.
 */
typedef enum
{
  DC_FINDING_STATUS_OK,
  DC_FINDING_STATUS_UNKNOWN,
  DC_FINDING_STATUS_WARNING,
  DC_FINDING_STATUS_CRITICAL,
} DcFindingStatus;

/**
 * DcFindingUnit:
 *
 * How a number is shown to a person; the report keeps the bare number.
 */
typedef enum
{
  DC_FINDING_UNIT_NONE,
  DC_FINDING_UNIT_PERCENT,
  DC_FINDING_UNIT_BYTES,
  DC_FINDING_UNIT_CELSIUS,
  DC_FINDING_UNIT_MEGAHERTZ,
} DcFindingUnit;

#define DC_TYPE_FINDING_STATUS (dc_finding_status_get_type ())
GType dc_finding_status_get_type (void);
const char *dc_finding_status_to_string (DcFindingStatus status);

#define DC_TYPE_FINDING (dc_finding_get_type ())
G_DECLARE_FINAL_TYPE (DcFinding, dc_finding, DC, FINDING, GObject)

DcFinding *dc_finding_new (const char *id, const char *category, const char *title);

const char *dc_finding_get_id (DcFinding *self);
const char *dc_finding_get_category (DcFinding *self);
const char *dc_finding_get_title (DcFinding *self);
DcFindingStatus dc_finding_get_status (DcFinding *self);
const char *dc_finding_get_summary (DcFinding *self);
const char *dc_finding_get_advice (DcFinding *self);
void dc_finding_set_verdict (DcFinding *self, DcFindingStatus status, const char *summary,
                             const char *advice);

void dc_finding_add_integer (DcFinding *self, const char *key, const char *label, gint64 value,
                             DcFindingUnit unit);
void dc_finding_add_double (DcFinding *self, const char *key, const char *label, double value,
                            DcFindingUnit unit);
void dc_finding_add_string (DcFinding *self, const char *key, const char *label, const char *value,
                            const char *display);
void dc_finding_add_boolean (DcFinding *self, const char *key, const char *label, gboolean value);
void dc_finding_add_unknown (DcFinding *self, const char *key, const char *label);

guint dc_finding_get_n_values (DcFinding *self);
const char *dc_finding_get_value_key (DcFinding *self, guint index);
const char *dc_finding_get_value_label (DcFinding *self, guint index);
const char *dc_finding_get_value_text (DcFinding *self, guint index);
JsonNode *dc_finding_get_value (DcFinding *self, const char *key);

JsonNode *dc_finding_to_json (DcFinding *self);

G_END_DECLS
