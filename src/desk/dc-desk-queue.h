/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The queue as pure logic, without a server or a database: who waits in which place, the
 * estimated wait, and which agent takes the next customer. */
typedef struct _DcDeskQueue DcDeskQueue;

DcDeskQueue *dc_desk_queue_new (void);
void dc_desk_queue_free (DcDeskQueue *self);

/* First come, first served: the order is by @queued_at, then by @id. Returns the place, 1 first. */
guint dc_desk_queue_add (DcDeskQueue *self, gint64 id, double queued_at);
gboolean dc_desk_queue_remove (DcDeskQueue *self, gint64 id);
/* The place of @id, 1 first; 0 when it does not wait. */
guint dc_desk_queue_get_position (DcDeskQueue *self, gint64 id);
guint dc_desk_queue_get_length (DcDeskQueue *self);
/* The id in @position (1 first), or 0. */
gint64 dc_desk_queue_get_nth (DcDeskQueue *self, guint position);

/* The average of the newest @window of @per_place (seconds of waiting per place in the queue,
 * newest first), or @fallback when there are none. */
double dc_desk_wait_per_place (const double *per_place, gsize n, guint window, double fallback);
/* Seconds a customer in @position may wait, rounded up to whole seconds. */
guint dc_desk_wait_estimate (double per_place, guint position);

/* One agent as the assignment sees it. */
typedef struct
{
  const char *address;
  gboolean available; /* online, and neither away nor busy */
  guint load;         /* sessions they have now */
  double last_assigned;
} DcDeskAgentLoad;

/* The agent for the next customer: available, below @capacity, the fewest sessions, then the
 * longest since their last customer, then the first in the configuration. -1 when nobody. */
int dc_desk_pick_agent (const DcDeskAgentLoad *agents, gsize n, guint capacity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DcDeskQueue, dc_desk_queue_free)

G_END_DECLS
