/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-desk"

#include <math.h>

#include "dc-desk-queue.h"

/* A queue is short (tens of customers, not millions): a sorted array is the simplest structure
 * that keeps places exact. The estimate scales the recent waits by the place each customer had
 * when they joined, so it stays right whether one agent or ten work the queue. */

typedef struct
{
  gint64 id;
  double queued_at;
} Entry;

struct _DcDeskQueue
{
  GArray *entries; /* of Entry, first in line first */
};

/**
 * dc_desk_queue_new:
 *
 * Returns: (transfer full): an empty queue
 */
DcDeskQueue *
dc_desk_queue_new (void)
{
  DcDeskQueue *self = g_new0 (DcDeskQueue, 1);

  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  return self;
}

/**
 * dc_desk_queue_free:
 * @self: (transfer full) (nullable): a queue
 */
void
dc_desk_queue_free (DcDeskQueue *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->entries);
  g_free (self);
}

static gboolean
comes_before (const Entry *a, const Entry *b)
{
  return a->queued_at < b->queued_at || (a->queued_at == b->queued_at && a->id < b->id);
}

/**
 * dc_desk_queue_add:
 * @self: a queue
 * @id: the session
 * @queued_at: when it joined the queue (seconds since 1970)
 *
 * Adds @id in the place its time gives it; an @id already waiting moves.
 *
 * Returns: its place, 1 first
 */
guint
dc_desk_queue_add (DcDeskQueue *self, gint64 id, double queued_at)
{
  Entry entry = { id, queued_at };
  guint i;

  dc_desk_queue_remove (self, id);
  for (i = 0; i < self->entries->len; i++)
    if (comes_before (&entry, &g_array_index (self->entries, Entry, i)))
      break;
  g_array_insert_val (self->entries, i, entry);
  return i + 1;
}

/**
 * dc_desk_queue_remove:
 * @self: a queue
 * @id: the session
 *
 * Returns: whether @id was waiting
 */
gboolean
dc_desk_queue_remove (DcDeskQueue *self, gint64 id)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).id == id)
      {
        g_array_remove_index (self->entries, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * dc_desk_queue_get_position:
 * @self: a queue
 * @id: the session
 *
 * Returns: the place of @id, 1 first, or 0 when it does not wait
 */
guint
dc_desk_queue_get_position (DcDeskQueue *self, gint64 id)
{
  for (guint i = 0; i < self->entries->len; i++)
    if (g_array_index (self->entries, Entry, i).id == id)
      return i + 1;
  return 0;
}

/**
 * dc_desk_queue_get_length:
 * @self: a queue
 *
 * Returns: how many wait
 */
guint
dc_desk_queue_get_length (DcDeskQueue *self)
{
  return self->entries->len;
}

/**
 * dc_desk_queue_get_nth:
 * @self: a queue
 * @position: a place, 1 first
 *
 * Returns: the session in @position, or 0 when the queue is shorter
 */
gint64
dc_desk_queue_get_nth (DcDeskQueue *self, guint position)
{
  if (position == 0 || position > self->entries->len)
    return 0;
  return g_array_index (self->entries, Entry, position - 1).id;
}

/**
 * dc_desk_wait_per_place:
 * @per_place: (array length=n): recent waits divided by the place each
 *   customer had on joining, newest first
 * @n: how many there are
 * @window: how many of the newest to average
 * @fallback: the answer when there are none
 *
 * The moving average of the recent waits, per place in the queue.
 *
 * Returns: seconds per place
 */
double
dc_desk_wait_per_place (const double *per_place, gsize n, guint window, double fallback)
{
  double sum = 0;
  gsize used = MIN (n, (gsize)window);

  if (used == 0)
    return fallback;
  for (gsize i = 0; i < used; i++)
    sum += MAX (per_place[i], 0.0);
  return sum / used;
}

/**
 * dc_desk_wait_estimate:
 * @per_place: seconds per place, from dc_desk_wait_per_place()
 * @position: the customer's place, 1 first
 *
 * Returns: the estimated wait in whole seconds
 */
guint
dc_desk_wait_estimate (double per_place, guint position)
{
  double seconds = ceil (MAX (per_place, 0.0) * position);

  return seconds > G_MAXUINT ? G_MAXUINT : (guint)seconds;
}

static gboolean
better (const DcDeskAgentLoad *a, const DcDeskAgentLoad *b)
{
  if (a->load != b->load)
    return a->load < b->load;
  return a->last_assigned < b->last_assigned;
}

/**
 * dc_desk_pick_agent:
 * @agents: (array length=n): the agents, in the configuration's order
 * @n: how many there are
 * @capacity: how many sessions an agent takes at once
 *
 * Returns: the index of the agent for the next customer, or -1 when nobody
 *   is available with room for one more
 */
int
dc_desk_pick_agent (const DcDeskAgentLoad *agents, gsize n, guint capacity)
{
  int best = -1;

  for (gsize i = 0; i < n; i++)
    {
      if (!agents[i].available || agents[i].load >= capacity)
        continue;
      if (best < 0 || better (&agents[i], &agents[best]))
        best = (int)i;
    }
  return best;
}
