/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "prosody-harness.h"

G_BEGIN_DECLS

/* The built device-care-desk ($DC_DESK) as a process: started with a configuration, its log
 * read line by line so a test can wait for what it says, killed as a crash would. */
typedef struct _DeskProcess DeskProcess;

DeskProcess *desk_process_start (const char *config_path);
/* Waits (20 s at most, else the test fails) for a log line that contains @text. Lines passed
 * over are not seen again. */
void desk_process_wait_log (DeskProcess *self, const char *text);
void desk_process_kill (DeskProcess *self);
void desk_process_free (DeskProcess *self); /* SIGTERM, then SIGKILL after 3 s */
/* `device-care-desk --config @config_path --stats`, which must succeed. */
JsonObject *desk_stats (const char *config_path);

/* `device-care-tool chat` ($DC_TOOL) as the customer: its own account and store in @home, the
 * language of @language ("de_DE"), sharing @share, and @problem for the pre-chat form. */
typedef struct _Customer Customer;

Customer *customer_start (ProsodyHarness *harness, const char *home, const char *language,
                          const char *share, const char *problem);
void customer_write (Customer *self, const char *line);
/* The next event of @type whose string @member contains @value (any event of @type when
 * @member is NULL), 20 s at most; events passed over stay for later waits. */
JsonObject *customer_wait (Customer *self, const char *type, const char *member, const char *value);
/* How many of the events seen so far (taken by a wait or not) match. */
guint customer_count (Customer *self, const char *type, const char *member, const char *value);
void customer_free (Customer *self); /* kills it */

/* A peer's next event whose string @member contains @value (not only equals it). */
JsonObject *peer_wait_containing (XmppPeer *peer, const char *event, const char *member,
                                  const char *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeskProcess, desk_process_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Customer, customer_free)

G_END_DECLS
