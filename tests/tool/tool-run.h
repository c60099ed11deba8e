/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One run of the built device-care-tool ($DC_TOOL), as a script would run it. */
typedef struct
{
  int status;
  char *out;
  char *err;
} ToolRun;

void tool_run_clear (ToolRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ToolRun, tool_run_clear)

void tool_run (ToolRun *run, const char *const *env, const char *const *args);
JsonNode *tool_run_parse (ToolRun *run);

G_END_DECLS
