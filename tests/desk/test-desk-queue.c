/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "dc-desk-queue.h"

/* The queue without a server: places, the estimated wait from recent waits, and which agent
 * takes the next customer. */

static void
test_positions (void)
{
  g_autoptr (DcDeskQueue) queue = dc_desk_queue_new ();

  g_assert_cmpuint (dc_desk_queue_add (queue, 10, 1000.0), ==, 1);
  g_assert_cmpuint (dc_desk_queue_add (queue, 11, 1005.0), ==, 2);
  g_assert_cmpuint (dc_desk_queue_add (queue, 12, 1010.0), ==, 3);
  g_assert_cmpuint (dc_desk_queue_get_length (queue), ==, 3);
  g_assert_cmpint (dc_desk_queue_get_nth (queue, 1), ==, 10);

  /* The first is served: everyone moves up one. */
  g_assert_true (dc_desk_queue_remove (queue, 10));
  g_assert_cmpuint (dc_desk_queue_get_position (queue, 11), ==, 1);
  g_assert_cmpuint (dc_desk_queue_get_position (queue, 12), ==, 2);
  g_assert_cmpuint (dc_desk_queue_get_position (queue, 10), ==, 0);
  g_assert_false (dc_desk_queue_remove (queue, 10));

  /* One in the middle leaves: only those behind move. */
  dc_desk_queue_add (queue, 13, 1020.0);
  dc_desk_queue_remove (queue, 12);
  g_assert_cmpuint (dc_desk_queue_get_position (queue, 11), ==, 1);
  g_assert_cmpuint (dc_desk_queue_get_position (queue, 13), ==, 2);
  g_assert_cmpint (dc_desk_queue_get_nth (queue, 3), ==, 0);
}

/* A restarted desk puts them back by when they came, in whatever order it reads them. */
static void
test_restored_order (void)
{
  g_autoptr (DcDeskQueue) queue = dc_desk_queue_new ();

  dc_desk_queue_add (queue, 3, 1030.0);
  dc_desk_queue_add (queue, 1, 1010.0);
  dc_desk_queue_add (queue, 2, 1010.0); /* the same second: the older session first */
  g_assert_cmpuint (dc_desk_queue_get_position (queue, 1), ==, 1);
  g_assert_cmpuint (dc_desk_queue_get_position (queue, 2), ==, 2);
  g_assert_cmpuint (dc_desk_queue_get_position (queue, 3), ==, 3);
  /* Added again, it does not wait twice. */
  dc_desk_queue_add (queue, 3, 1030.0);
  g_assert_cmpuint (dc_desk_queue_get_length (queue), ==, 3);
}

static void
test_wait (void)
{
  const double waits[] = { 60, 120, 90, 3000 }; /* newest first, seconds per place */

  /* Nothing seen yet: the configured default. */
  g_assert_cmpfloat (dc_desk_wait_per_place (NULL, 0, 10, 300), ==, 300);
  /* The moving average of the newest: the old outlier is out of the window. */
  g_assert_cmpfloat (dc_desk_wait_per_place (waits, G_N_ELEMENTS (waits), 3, 300), ==, 90);
  g_assert_cmpfloat (dc_desk_wait_per_place (waits, 2, 10, 300), ==, 90);
  g_assert_cmpfloat (dc_desk_wait_per_place (waits, G_N_ELEMENTS (waits), 4, 300), ==, 817.5);

  /* Second in line waits twice as long as first. */
  g_assert_cmpuint (dc_desk_wait_estimate (90, 1), ==, 90);
  g_assert_cmpuint (dc_desk_wait_estimate (90, 2), ==, 180);
  g_assert_cmpuint (dc_desk_wait_estimate (0.4, 1), ==, 1);
  g_assert_cmpuint (dc_desk_wait_estimate (-5, 3), ==, 0);
}

static void
test_pick (void)
{
  DcDeskAgentLoad agents[] = {
    { "ann@x", TRUE, 1, 100 },
    { "bob@x", TRUE, 0, 500 },
    { "cat@x", FALSE, 0, 0 },
    { "dan@x", TRUE, 0, 200 },
  };

  /* Free and available, the fewest sessions, then the longest since the last customer. */
  g_assert_cmpint (dc_desk_pick_agent (agents, G_N_ELEMENTS (agents), 1), ==, 3);
  agents[3].load = 1;
  g_assert_cmpint (dc_desk_pick_agent (agents, G_N_ELEMENTS (agents), 1), ==, 1);
  agents[1].load = 1;
  /* One session each: nobody left. Away or offline never counts. */
  g_assert_cmpint (dc_desk_pick_agent (agents, G_N_ELEMENTS (agents), 1), ==, -1);
  /* Configured higher: the one who waited longest for a customer. */
  g_assert_cmpint (dc_desk_pick_agent (agents, G_N_ELEMENTS (agents), 2), ==, 0);
  g_assert_cmpint (dc_desk_pick_agent (agents, 0, 2), ==, -1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desk-queue/positions", test_positions);
  g_test_add_func ("/desk-queue/restored-order", test_restored_order);
  g_test_add_func ("/desk-queue/wait", test_wait);
  g_test_add_func ("/desk-queue/pick", test_pick);

  return g_test_run ();
}
