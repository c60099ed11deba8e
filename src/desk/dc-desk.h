/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "dc-desk-config.h"

G_BEGIN_DECLS

/* The support desk (DESIGN §3): an XMPP client that is invited into customers' rooms, greets,
 * asks for the pre-chat form, answers from its knowledge base or queues the customer, hands
 * them to an available agent, and asks for the rating at the end. Its state is in SQLite, so a
 * restarted desk carries on where it was. */
#define DC_TYPE_DESK (dc_desk_get_type ())
G_DECLARE_FINAL_TYPE (DcDesk, dc_desk, DC, DESK, GObject)

/* Opens the database, the knowledge base and the vendor's channels; takes @config. */
DcDesk *dc_desk_new (DcDeskConfig *config, GError **error);
/* Loads the open sessions and connects; reconnects by itself after a drop. */
void dc_desk_start (DcDesk *self);
/* Says goodbye to the server; the sessions stay open for the next start. */
void dc_desk_stop (DcDesk *self);

G_END_DECLS
