/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses: 2 is a usage error, as for most command-line tools, so a
 * script can tell a typo from a device that could not be read. */
#define DC_TOOL_EXIT_OK 0
#define DC_TOOL_EXIT_FAILURE 1
#define DC_TOOL_EXIT_USAGE 2

/* A command gets its own name as argv[0] and parses its own options. */
typedef int (*DcToolCommandFunc) (int argc, char **argv);

gboolean dc_tool_write_line (const char *text);
char *dc_tool_format_time (GDateTime *time);

int dc_tool_identity (int argc, char **argv);
int dc_tool_report (int argc, char **argv);
int dc_tool_hours (int argc, char **argv);
int dc_tool_places (int argc, char **argv);
int dc_tool_channels (int argc, char **argv);
int dc_tool_chat (int argc, char **argv);

G_END_DECLS
