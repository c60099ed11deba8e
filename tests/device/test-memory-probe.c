/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include "dc-memory-probe-private.h"

static gboolean
parse (const char *text, gint64 *total, gint64 *available)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  return dc_memory_parse_meminfo (bytes, total, available);
}

static void
test_parse (void)
{
  gint64 total, available;

  g_assert_true (parse ("MemTotal:        3920764 kB\nMemFree:  100 kB\n"
                        "MemAvailable:    1423112 kB\n",
                        &total, &available));
  g_assert_cmpint (total, ==, G_GINT64_CONSTANT (3920764) * 1024);
  g_assert_cmpint (available, ==, G_GINT64_CONSTANT (1423112) * 1024);
}

static void
test_malformed (void)
{
  static const char *const cases[] = {
    "",
    "MemTotal: abc kB\nMemAvailable: 100 kB\n",
    "MemTotal: 1000 kB\nMemAvailable: -1 kB\n",
    "MemTotal: 1000\nMemAvailable: 100\n",        /* no unit */
    "MemTotal: 1000 kB\n",                        /* kernel before 3.14 */
    "MemTotal: 1000 kB\nMemAvailable: 2000 kB\n", /* more available than there is */
    "MemTotal: 0 kB\nMemAvailable: 0 kB\n",
    "MemTotal: 99999999999999999999 kB\nMemAvailable: 1 kB\n",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 total, available;
      g_autoptr (DcFinding) finding = NULL;

      g_test_message ("%s", cases[i]);
      g_assert_false (parse (cases[i], &total, &available));
      finding = dc_memory_evaluate (total, available, dc_thresholds_get_default ());
      g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
      g_assert_true (JSON_NODE_HOLDS_NULL (dc_finding_get_value (finding, "available_bytes")));
    }
}

static void
test_verdict (void)
{
  const gint64 gib = G_GINT64_CONSTANT (1) << 30;
  g_autoptr (DcFinding) fine = dc_memory_evaluate (4 * gib, gib, dc_thresholds_get_default ());
  g_autoptr (DcFinding) low = dc_memory_evaluate (4 * gib, gib / 32, dc_thresholds_get_default ());

  g_assert_cmpint (dc_finding_get_status (fine), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (fine, "total_bytes")), ==, 4 * gib);
  g_assert_cmpint (json_node_get_int (dc_finding_get_value (fine, "available_bytes")), ==, gib);
  /* 3 % left: the out-of-memory killer is near. */
  g_assert_cmpint (dc_finding_get_status (low), ==, DC_FINDING_STATUS_WARNING);
  g_assert_nonnull (dc_finding_get_advice (low));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/memory/parse", test_parse);
  g_test_add_func ("/memory/malformed", test_malformed);
  g_test_add_func ("/memory/verdict", test_verdict);

  return g_test_run ();
}
