/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-diagnostics"

#include "config.h"

#include <stdlib.h>

#include "dc-diagnosis.h"

/* bench/diagnostics: the full scan (identity and every probe) against inxi collecting the same
 * areas (`inxi -F --sleep 0 --tty`: system, machine, battery, CPU, graphics, audio, network,
 * drives, partitions, sensors, info), all in one run, and the ratios.
 *
 *   bench-diagnostics TOOL FIXTURE [ROUNDS]
 */

static int
compare_times (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return (x > y) - (x < y);
}

static double
median_ms (GArray *times)
{
  g_array_sort (times, compare_times);
  return g_array_index (times, gint64, times->len / 2) / 1000.0;
}

/* The median time of @rounds full scans under @root, in this process. */
static double
scan (const char *root, guint rounds, guint *n_findings)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr (DcDiagnosis) diagnosis = dc_diagnosis_new (root);
      g_autoptr (GError) error = NULL;
      gint64 start = g_get_monotonic_time (), elapsed;

      if (!dc_diagnosis_run (diagnosis, NULL, &error))
        g_error ("The scan failed: %s", error->message);
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (times, elapsed);
      *n_findings = g_list_model_get_n_items (dc_diagnosis_get_findings (diagnosis));
    }
  return median_ms (times);
}

/* The median wall time of @rounds runs of @argv, its output read and thrown away. */
static double
run (const char *const *argv, guint rounds, gsize *output_size)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr (GSubprocess) process = NULL;
      g_autoptr (GBytes) out = NULL;
      g_autoptr (GError) error = NULL;
      gint64 start = g_get_monotonic_time (), elapsed;

      process = g_subprocess_newv (
        argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      if (process == NULL || !g_subprocess_communicate (process, NULL, NULL, &out, NULL, &error))
        g_error ("%s: %s", argv[0], error->message);
      elapsed = g_get_monotonic_time () - start;
      if (!g_subprocess_get_successful (process))
        g_error ("%s failed", argv[0]);
      g_array_append_val (times, elapsed);
      *output_size = g_bytes_get_size (out);
    }
  return median_ms (times);
}

int
main (int argc, char **argv)
{
  const char *tool, *fixture;
  const char *tool_argv[] = { NULL, "report", NULL };
  const char *inxi_argv[] = { "inxi", "-F", "--sleep", "0", "--tty", NULL };
  g_autofree char *no_bus = NULL;
  guint rounds, n_fixture, n_live;
  gsize tool_size, inxi_size;
  double fixture_ms, live_ms, tool_ms, inxi_ms;

  if (argc < 3)
    {
      g_printerr ("Usage: %s TOOL FIXTURE [ROUNDS]\n", argv[0]);
      return 2;
    }
  tool = argv[1];
  fixture = argv[2];
  rounds = argc > 3 ? (guint)atoi (argv[3]) : 11;
  tool_argv[0] = tool;

  /* A recorded tree without any system service, as the test suite scans it. */
  no_bus = g_strdup (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS"));
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/system_bus_socket", TRUE);
  fixture_ms = scan (fixture, rounds * 5, &n_fixture);
  if (no_bus != NULL)
    g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", no_bus, TRUE);
  else
    g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");

  /* This machine, with whatever services its system bus has; then the same as a process, as
   * inxi is one. inxi is run last so its caches do not favour us. */
  live_ms = scan ("/", rounds, &n_live);
  tool_ms = run (tool_argv, rounds, &tool_size);
  inxi_ms = run (inxi_argv, rounds, &inxi_size);

  g_print ("Full scan, recorded tree, no services   %8.2f ms  (median of %u, %u findings)\n",
           fixture_ms, rounds * 5, n_fixture);
  g_print ("Full scan, this machine, in process     %8.2f ms  (median of %u, %u findings)\n",
           live_ms, rounds, n_live);
  g_print ("device-care-tool report, this machine   %8.2f ms  (median of %u, %zu bytes of JSON)\n",
           tool_ms, rounds, tool_size);
  g_print ("inxi -F --sleep 0 --tty, this machine   %8.2f ms  (median of %u, %zu bytes)\n", inxi_ms,
           rounds, inxi_size);
  g_print ("\n");
  g_print ("inxi / device-care-tool report          %8.1fx  (goal: 20x or more)\n",
           inxi_ms / tool_ms);
  g_print ("inxi / in-process scan                  %8.1fx\n", inxi_ms / live_ms);
  return 0;
}
