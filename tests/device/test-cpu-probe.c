/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include "dc-cpu-probe-private.h"

static GBytes *
fixture_file (const char *device, const char *path)
{
  g_autofree char *filename
    = g_test_build_filename (G_TEST_DIST, "data", "device", device, path, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_file_get_contents (filename, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
test_arm64 (void)
{
  g_autoptr (GBytes) cpuinfo = fixture_file ("qualcomm-pmos", "proc/cpuinfo");
  g_autoptr (GBytes) compatible = fixture_file ("qualcomm-pmos", "proc/device-tree/compatible");
  g_auto (DcCpuReading) reading = { NULL, NULL, -1, -1, -1 };
  g_autofree char *soc = NULL;

  /* arm64 names no model: the cores' part numbers do, big and LITTLE. */
  dc_cpu_parse_cpuinfo (cpuinfo, &reading);
  g_assert_cmpstr (reading.model, ==, "Kryo 385 Silver + Kryo 385 Gold");
  g_assert_cmpint (reading.cores, ==, 8);
  soc = dc_cpu_soc_from_compatible (compatible);
  g_assert_cmpstr (soc, ==, "qcom,sdm845");
}

static void
test_x86 (void)
{
  g_autoptr (GBytes) cpuinfo = fixture_file ("x86-laptop", "proc/cpuinfo");
  g_auto (DcCpuReading) reading = { NULL, NULL, -1, -1, -1 };
  g_autoptr (DcFinding) finding = NULL;

  dc_cpu_parse_cpuinfo (cpuinfo, &reading);
  g_assert_cmpstr (reading.model, ==, "12th Gen Intel(R) Core(TM) i5-1240P");
  g_assert_cmpint (reading.cores, ==, 12);
  finding = dc_cpu_evaluate (&reading);
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_OK);
  g_assert_cmpstr (dc_finding_get_summary (finding), ==,
                   "12th Gen Intel(R) Core(TM) i5-1240P, 12 cores.");
  g_assert_true (JSON_NODE_HOLDS_NULL (dc_finding_get_value (finding, "max_frequency_mhz")));
}

static void
test_unknown (void)
{
  g_autoptr (GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr (GBytes) binary = g_bytes_new ("\xff\xfe\x00processor : 0", 16);
  const char *odd_text = "processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xzzz\n";
  g_autoptr (GBytes) odd_part = g_bytes_new_static (odd_text, strlen (odd_text));
  g_autoptr (GBytes) no_soc = g_bytes_new_static ("\0\0", 2);
  g_auto (DcCpuReading) reading = { NULL, NULL, -1, -1, -1 };
  g_autoptr (DcFinding) finding = NULL;

  dc_cpu_parse_cpuinfo (empty, &reading);
  dc_cpu_parse_cpuinfo (binary, &reading);
  g_assert_null (reading.model);
  g_assert_null (dc_cpu_soc_from_compatible (no_soc));
  finding = dc_cpu_evaluate (&reading);
  g_assert_cmpint (dc_finding_get_status (finding), ==, DC_FINDING_STATUS_UNKNOWN);
  g_assert_true (JSON_NODE_HOLDS_NULL (dc_finding_get_value (finding, "cores")));

  /* A part number that is not one names nothing, but the core still counts. */
  dc_cpu_parse_cpuinfo (odd_part, &reading);
  g_assert_null (reading.model);
  g_assert_cmpint (reading.cores, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cpu/arm64", test_arm64);
  g_test_add_func ("/cpu/x86", test_x86);
  g_test_add_func ("/cpu/unknown", test_unknown);

  return g_test_run ();
}
