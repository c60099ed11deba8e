/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-chat"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "bench-chat.h"

/* bench/chat: the support chat engine against a real Prosody on loopback, all in one run:
 * message latency customer → agent beside slixmpp → slixmpp, the server's acknowledgement,
 * the way back after a cut line and after a server restart, and a session with a long history
 * (writing it, opening it, its memory) beside a bare sqlite3 read.
 *
 *   bench-chat [MESSAGES [RESUMES [RESTARTS [HISTORY]]]]   (1000 20 5 10000)
 *
 * tests/support/prosody-harness.c is linked in as it is. It finds xmpp-peer.py with
 * g_test_get_filename(), which GLib allows only inside a test case, so the whole run is one
 * GTest case; GTest's own lines go to stderr and the figures alone to stdout. */

#ifndef DC_TESTS_SRCDIR
#error "DC_TESTS_SRCDIR must name the tests folder of the source tree"
#endif

#define WAIT_S 30
#define HISTORY_ROUNDS 7
#define LABEL_WIDTH 46

typedef struct
{
  guint n_messages;
  guint n_resumes;
  guint n_restarts;
  guint n_history;
  ChatHistoryFigures history;
  ChatLiveFigures live;
} Bench;

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
bench_wait_until (BenchCondition condition, gpointer data, const char *what)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (WAIT_S, flag_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Waited %d s for %s", WAIT_S, what);
  g_source_remove (timeout);
}

void
bench_iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
bench_time_is_set (gpointer data)
{
  return *(gint64 *)data != 0;
}

static int
compare_samples (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return (x > y) - (x < y);
}

/* The nearest-rank percentile: the smallest sample with @percentile of them at or below it. */
gint64
bench_percentile (GArray *samples, double percentile)
{
  g_autoptr (GArray) sorted = NULL;
  double exact;
  guint rank;

  g_assert (samples->len > 0);
  sorted = g_array_copy (samples);
  g_array_sort (sorted, compare_samples);
  exact = percentile * sorted->len;
  rank = (guint)exact;
  if (rank < exact)
    rank++;
  return g_array_index (sorted, gint64, CLAMP (rank, 1, sorted->len) - 1);
}

char *
bench_make_tmp_dir (const char *template)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  if (dir == NULL)
    g_error ("Cannot make a temporary folder: %s", error->message);
  return dir;
}

void
bench_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        bench_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static GArray *
samples_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (gint64));
}

/* Every sample array of @figures, so that init and clear cannot miss one. */
static guint
history_arrays (ChatHistoryFigures *figures, GArray ***arrays)
{
  GArray **all[] = { &figures->add_us,       &figures->open_us,       &figures->async_us,
                     &figures->floor_us,     &figures->rss_bytes,     &figures->heap_bytes,
                     &figures->sqlite_bytes, &figures->send_empty_us, &figures->send_full_us };

  memcpy (arrays, all, sizeof all);
  return G_N_ELEMENTS (all);
}

void
chat_history_figures_init (ChatHistoryFigures *figures)
{
  GArray **arrays[16];
  guint n = history_arrays (figures, arrays);

  for (guint i = 0; i < n; i++)
    *arrays[i] = samples_new ();
}

void
chat_history_figures_clear (ChatHistoryFigures *figures)
{
  GArray **arrays[16];
  guint n = history_arrays (figures, arrays);

  for (guint i = 0; i < n; i++)
    g_clear_pointer (arrays[i], g_array_unref);
}

void
chat_live_figures_init (ChatLiveFigures *figures)
{
  figures->latency_us = samples_new ();
  figures->baseline_us = samples_new ();
  figures->ack_us = samples_new ();
  figures->send_us = samples_new ();
  figures->resume_us = samples_new ();
  figures->restart_us = samples_new ();
}

void
chat_live_figures_clear (ChatLiveFigures *figures)
{
  g_clear_pointer (&figures->latency_us, g_array_unref);
  g_clear_pointer (&figures->baseline_us, g_array_unref);
  g_clear_pointer (&figures->ack_us, g_array_unref);
  g_clear_pointer (&figures->send_us, g_array_unref);
  g_clear_pointer (&figures->resume_us, g_array_unref);
  g_clear_pointer (&figures->restart_us, g_array_unref);
}

static void
run_bench (gconstpointer data)
{
  Bench *bench = (Bench *)data;

  /* The history first, while the heap is young: its memory figures are the cleanest. */
  bench_chat_history (bench->n_history, HISTORY_ROUNDS, &bench->history);
  bench_chat_live (bench->n_messages, bench->n_resumes, bench->n_restarts, &bench->live);
}

static double
ms (gint64 us)
{
  return us / 1000.0;
}

static double
median_ms (GArray *samples)
{
  return ms (bench_percentile (samples, 0.5));
}

static double
p99_ms (GArray *samples)
{
  return ms (bench_percentile (samples, 0.99));
}

/* The median of @count samples from @first on. */
static double
median_of_slice_ms (GArray *samples, guint first, guint count)
{
  g_autoptr (GArray) slice = samples_new ();

  g_array_append_vals (slice, &g_array_index (samples, gint64, first), count);
  return median_ms (slice);
}

static gint64
sum (GArray *samples)
{
  gint64 total = 0;

  for (guint i = 0; i < samples->len; i++)
    total += g_array_index (samples, gint64, i);
  return total;
}

/* The first column, padded by characters (its labels have arrows and signs in UTF-8). */
static void
print_label (const char *label)
{
  int width = (int)g_utf8_strlen (label, -1);

  printf ("  %s%*s", label, MAX (0, LABEL_WIDTH - width), "");
}

/* A row of two times, median and p99 (or what its note says), with @decimals. */
static void
print_times (const char *label, double first_ms, double second_ms, int decimals, const char *note)
{
  print_label (label);
  printf ("%8.*f ms %8.*f ms%s%s\n", decimals, first_ms, decimals, second_ms, note ? "  " : "",
          note ? note : "");
}

static void
print_ratio (const char *label, double first, double second)
{
  print_label (label);
  if (second > 0)
    printf ("%8.2f×    %8.2f×\n", first, second);
  else
    printf ("%8.2f×\n", first);
}

static void
print_latency (const ChatLiveFigures *live)
{
  guint n = live->latency_us->len, slice = MIN (100, n);
  g_autofree char *first_last = g_strdup_printf ("first / last %u messages, medians", slice);

  printf ("1. Customer → agent through Prosody: %u messages one at a time, after %u to warm up;\n"
          "   ours and the baseline's in turn; each time taken when the agent's line reaches us\n",
          n, live->warm_up);
  print_label ("");
  printf ("  median        p99\n");
  print_times ("dc_support_session_send → agent (slixmpp)", median_ms (live->latency_us),
               p99_ms (live->latency_us), 2, NULL);
  print_times ("baseline: slixmpp → agent (slixmpp)", median_ms (live->baseline_us),
               p99_ms (live->baseline_us), 2, NULL);
  print_ratio ("ratio ours / baseline",
               median_ms (live->latency_us) / median_ms (live->baseline_us),
               p99_ms (live->latency_us) / p99_ms (live->baseline_us));
  print_times ("send → delivery SENT (the server has it)", median_ms (live->ack_us),
               p99_ms (live->ack_us), 2, NULL);
  print_times ("dc_support_session_send, the call itself", median_ms (live->send_us),
               p99_ms (live->send_us), 3, NULL);
  print_times ("latency customer → agent", median_of_slice_ms (live->latency_us, 0, slice),
               median_of_slice_ms (live->latency_us, n - slice, slice), 2, first_last);
  print_times ("the call itself", median_of_slice_ms (live->send_us, 0, slice),
               median_of_slice_ms (live->send_us, n - slice, slice), 3, first_last);
  printf ("\n");
}

static void
print_reconnection (const ChatLiveFigures *live)
{
  double resume = median_ms (live->resume_us);
  g_autofree char *resumed
    = g_strdup_printf ("line cut, stream resumed (%u×)", live->resume_us->len);
  g_autofree char *seen = g_strdup_printf ("(p99 of %u is the max; %u <resumed/> seen)",
                                           live->resume_us->len, live->n_resumed);
  g_autofree char *restarted = NULL;
  g_autofree char *archived = NULL;

  printf ("2. Back after a drop: from dc_support_session_reconnect until online, the outbox empty\n"
          "   and the message written while offline at the agent\n");
  print_label ("");
  printf ("  median        p99\n");
  print_times (resumed, resume, p99_ms (live->resume_us), 2, seen);
  if (live->restart_us->len == 0)
    {
      printf ("\n");
      return;
    }
  restarted
    = g_strdup_printf ("server restarted: login, rejoin, archive (%u×)", live->restart_us->len);
  archived = g_strdup_printf ("(max; the archive gave %.1f messages a time)",
                              (double)live->n_archived / live->restart_us->len);
  print_times (restarted, median_ms (live->restart_us), p99_ms (live->restart_us), 2, archived);
  print_ratio ("ratio restart / resume", median_ms (live->restart_us) / resume, 0);
  printf ("\n");
}

static void
print_history (const ChatHistoryFigures *history)
{
  guint n = history->n_messages;
  double floor = median_ms (history->floor_us);
  double rss = bench_percentile (history->rss_bytes, 0.5);
  double heap = bench_percentile (history->heap_bytes, 0.5);
  double cache = bench_percentile (history->sqlite_bytes, 0.5);
  g_autofree char *adding = g_strdup_printf ("dc_support_store_add_message ×%u", n);
  g_autofree char *sends
    = g_strdup_printf ("dc_support_session_send offline (%u sends)", history->send_full_us->len);

  printf ("3. A session with %u messages of history; reads: median of %u after a warm-up\n", n,
          history->floor_us->len);
  print_label (adding);
  printf ("%8.0f ms in all: %.1f µs a message (median %.0f µs, p99 %.0f µs)\n",
          ms (sum (history->add_us)), (double)sum (history->add_us) / n,
          (double)bench_percentile (history->add_us, 0.5),
          (double)bench_percentile (history->add_us, 0.99));
  print_label ("floor: a bare sqlite3 SELECT loop, same rows");
  printf ("%8.2f ms    1.00×\n", floor);
  print_label ("dc_support_session_start → all in the model");
  printf ("%8.2f ms %7.2f×  (the server unreachable)\n", median_ms (history->open_us),
          median_ms (history->open_us) / floor);
  print_label ("dc_support_store_load_messages_async");
  printf ("%8.2f ms %7.2f×\n", median_ms (history->async_us),
          median_ms (history->async_us) / floor);
  print_label ("memory of the open session: RSS");
  printf ("%8.2f MiB   %.0f B a message  (median of %u processes, each after a warm-up)\n",
          rss / (1 << 20), rss / n, history->rss_bytes->len);
  print_label ("  malloc's bytes in use");
  printf ("%8.2f MiB   %.0f B a message, of which SQLite's page cache %.2f MiB\n", heap / (1 << 20),
          heap / n, cache / (1 << 20));
  print_label (sends);
  printf ("%8.3f ms in an empty session, %.3f ms after the history (%.1f×)\n",
          median_ms (history->send_empty_us), median_ms (history->send_full_us),
          median_ms (history->send_full_us) / median_ms (history->send_empty_us));
}

/* GTest writes its TAP lines and the harness its messages with g_print(): to stderr. The
 * figures are written with printf(), as UTF-8 whatever the locale. */
static void
print_to_stderr (const char *string)
{
  fputs (string, stderr);
}

static guint
count_argument (int argc, char **argv, int index, guint fallback)
{
  guint64 value;

  if (argc <= index)
    return fallback;
  if (!g_ascii_string_to_unsigned (argv[index], 10, 1, G_MAXUINT, &value, NULL))
    {
      g_printerr ("Not a count: %s\n"
                  "Usage: %s [MESSAGES [RESUMES [RESTARTS [HISTORY]]]]\n",
                  argv[index], argv[0]);
      exit (2);
    }
  return (guint)value;
}

int
main (int argc, char **argv)
{
  Bench bench = { 0 };
  int status;

  if (argc == 5 && g_str_equal (argv[1], "--open-memory"))
    return bench_chat_open_memory (argv[2], argv[3], argv[4]);
  g_set_print_handler (print_to_stderr);
  /* Where the harness finds tests/support/xmpp-peer.py. */
  g_setenv ("G_TEST_SRCDIR", DC_TESTS_SRCDIR, FALSE);
  g_test_init (&argc, &argv, NULL);
  /* GTest prints every debug message (libsoup's, a few per frame), which would slow what is
   * measured; GLib's own handler prints them only when G_MESSAGES_DEBUG asks. */
  g_log_set_default_handler (g_log_default_handler, NULL);
  bench.n_messages = count_argument (argc, argv, 1, 1000);
  bench.n_resumes = count_argument (argc, argv, 2, 20);
  bench.n_restarts = count_argument (argc, argv, 3, 5);
  bench.n_history = count_argument (argc, argv, 4, 10000);
  chat_history_figures_init (&bench.history);
  chat_live_figures_init (&bench.live);

  g_test_add_data_func ("/bench/chat", &bench, run_bench);
  status = g_test_run ();
  if (status == 0)
    {
      print_latency (&bench.live);
      print_reconnection (&bench.live);
      print_history (&bench.history);
    }
  chat_history_figures_clear (&bench.history);
  chat_live_figures_clear (&bench.live);
  return status;
}
