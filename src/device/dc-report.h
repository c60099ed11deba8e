/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dc-identity.h"

G_BEGIN_DECLS

/* The report's version: a reader checks it before anything else. */
#define DC_REPORT_SCHEMA "device-care/report/1"

JsonNode *dc_report_build (DcIdentity *identity, GListModel *findings, GDateTime *generated);
char *dc_report_to_string (JsonNode *report, gboolean pretty);

G_END_DECLS
