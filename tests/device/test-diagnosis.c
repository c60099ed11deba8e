/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <string.h>

#include "dc-diagnosis.h"
#include "dc-report.h"

/* A whole diagnosis of each recorded device, without any system service (the system bus points
 * nowhere), checked field by field in the report a support agent would read. */

typedef struct
{
  const char *fixture;
  const char *serial_source;
  const char *kernel;
  gint64 uptime_s;
  const char *battery_status;
  gint64 capacity_percent; /* -1: null */
  gint64 health_percent;   /* -1: null */
  gint64 cycle_count;      /* -1: null */
  double temperature_c;    /* < -100: null */
  const char *battery_state;
  gint64 memory_total_kib;
  const char *cpu_model;
  gint64 cores;
  const char *thermal_status;
  const char *thermal_zone;
} Expected;

static const Expected devices[] = {
  { "pinephone", "device-tree", "6.1.0-sunxi64", 12345, "unknown", 76, -1, -1, -1000, "discharging",
    2968352, "Cortex-A53", 4, "ok", "cpu0_thermal" },
  { "librem5", "soc0", "6.4.0-1-librem5", 86400, "ok", 54, 88, 112, 28.5, "charging", 2899852,
    "Cortex-A53", 4, "ok", "cpu-thermal" },
  { "qualcomm-pmos", "soc0", "6.6.0-sdm845", 3600, "warning", 64, 72, 812, 31.2, "discharging",
    7868760, "Kryo 385 Silver + Kryo 385 Gold", 8, "warning", "cpu4-top-thermal" },
  { "x86-laptop", "dmi", "6.1.0-13-amd64", 5025, "ok", 81, 90, 143, -1000, "discharging", 16075320,
    "12th Gen Intel(R) Core(TM) i5-1240P", 12, "ok", "x86_pkg_temp" },
  { "desktop-no-serial", NULL, "5.15.0-88-generic", 432000, "unknown", -1, -1, -1, -1000, NULL,
    32801564, "AMD Ryzen 5 3600 6-Core Processor", 12, "ok", "acpitz" },
  { "malformed", NULL, NULL, -1, "unknown", -1, -1, -1, -1000, NULL, -1, NULL, -1, "unknown",
    NULL },
};

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "device", name, NULL);
}

static JsonNode *
run_report (const char *name, DcDiagnosis **out)
{
  g_autofree char *root = fixture (name);
  g_autoptr (DcDiagnosis) diagnosis = dc_diagnosis_new (root);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autofree char *text = NULL;
  JsonNode *parsed;

  g_assert_true (dc_diagnosis_run (diagnosis, NULL, &error));
  g_assert_no_error (error);
  /* Through text and back, as a reader of the report gets it. */
  report = dc_diagnosis_to_json (diagnosis);
  text = dc_report_to_string (report, FALSE);
  parsed = json_from_string (text, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_steal_pointer (&diagnosis);
  return parsed;
}

static JsonObject *
finding_of (JsonObject *report, const char *id)
{
  JsonArray *findings = json_object_get_array_member (report, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);
      if (g_strcmp0 (json_object_get_string_member (finding, "id"), id) == 0)
        return finding;
    }
  g_error ("No finding “%s” in the report", id);
}

static void
assert_int_or_null (JsonObject *values, const char *key, gint64 expected)
{
  g_assert_true (json_object_has_member (values, key)); /* null, never left out */
  if (expected < 0)
    g_assert_true (json_object_get_null_member (values, key));
  else
    g_assert_cmpint (json_object_get_int_member (values, key), ==, expected);
}

static void
assert_string_or_null (JsonObject *object, const char *key, const char *expected)
{
  g_assert_true (json_object_has_member (object, key));
  if (expected == NULL)
    g_assert_true (json_object_get_null_member (object, key));
  else
    g_assert_cmpstr (json_object_get_string_member (object, key), ==, expected);
}

static void
check_device (JsonObject *report, const Expected *expected)
{
  JsonObject *device = json_object_get_object_member (report, "device");
  JsonObject *serial = json_object_get_object_member (device, "serial");

  g_assert_cmpstr (json_object_get_string_member (report, "schema"), ==, "device-care/report/1");
  assert_string_or_null (serial, "source", expected->serial_source);
  assert_string_or_null (device, "kernel", expected->kernel);
  assert_int_or_null (device, "uptime_s", expected->uptime_s);
  g_assert_true (json_object_has_member (device, "manufacturer"));
  g_assert_true (json_object_has_member (device, "model"));
  g_assert_true (json_object_has_member (device, "os"));
  /* ModemManager could not be asked: unknown, not "no modem". */
  g_assert_true (json_object_get_null_member (device, "imei"));
}

static void
check_battery (JsonObject *report, const Expected *expected)
{
  JsonObject *battery = finding_of (report, "battery");
  JsonObject *values = json_object_get_object_member (battery, "values");

  g_assert_cmpstr (json_object_get_string_member (battery, "category"), ==, "battery");
  g_assert_cmpstr (json_object_get_string_member (battery, "status"), ==, expected->battery_status);
  assert_int_or_null (values, "capacity_percent", expected->capacity_percent);
  assert_int_or_null (values, "health_percent", expected->health_percent);
  assert_int_or_null (values, "cycle_count", expected->cycle_count);
  assert_string_or_null (values, "state", expected->battery_state);
  if (expected->temperature_c < -100)
    g_assert_true (json_object_get_null_member (values, "temperature_c"));
  else
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (values, "temperature_c"),
                                    expected->temperature_c, 1e-9);
}

static void
check_system (JsonObject *report, const Expected *expected)
{
  JsonObject *memory = json_object_get_object_member (finding_of (report, "memory"), "values");
  JsonObject *cpu = json_object_get_object_member (finding_of (report, "cpu"), "values");
  JsonObject *thermal = finding_of (report, "thermal");

  assert_int_or_null (memory, "total_bytes",
                      expected->memory_total_kib < 0 ? -1 : expected->memory_total_kib * 1024);
  g_assert_true (json_object_has_member (memory, "available_bytes"));
  assert_string_or_null (cpu, "model", expected->cpu_model);
  assert_int_or_null (cpu, "cores", expected->cores);
  g_assert_cmpstr (json_object_get_string_member (thermal, "status"), ==, expected->thermal_status);
  assert_string_or_null (json_object_get_object_member (thermal, "values"), "zone",
                         expected->thermal_zone);
}

static void
check_services (JsonObject *report)
{
  static const char *const ids[] = { "network", "modem", "sensors" };

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *finding = finding_of (report, ids[i]);

      g_assert_cmpstr (json_object_get_string_member (finding, "status"), ==, "unknown");
      g_assert_nonnull (strstr (json_object_get_string_member (finding, "summary"),
                                "system message bus is not available"));
    }
}

static void
test_fixture (gconstpointer data)
{
  const Expected *expected = data;
  g_autoptr (JsonNode) node = run_report (expected->fixture, NULL);
  JsonObject *report = json_node_get_object (node);

  check_device (report, expected);
  check_battery (report, expected);
  check_system (report, expected);
  check_services (report);
}

static void
test_order (void)
{
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) node = run_report ("x86-laptop", &diagnosis);
  JsonArray *findings = json_object_get_array_member (json_node_get_object (node), "findings");
  static const char *const ids[]
    = { "battery", "storage:/", "storage:/boot/efi", "memory", "cpu", "thermal", "network",
        "modem",   "sensors" };
  GListModel *model = dc_diagnosis_get_findings (diagnosis);

  /* The probe table's order, whichever thread finished first. Network file systems, snaps and
   * memory are not storage; a mount point missing from the tree is measured as unknown. */
  g_assert_cmpuint (json_array_get_length (findings), ==, G_N_ELEMENTS (ids));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (findings, i), "id"), ==,
      ids[i]);
  g_assert_cmpstr (json_object_get_string_member (
                     finding_of (json_node_get_object (node), "storage:/boot/efi"), "status"),
                   ==, "unknown");
  g_assert_nonnull (dc_diagnosis_lookup (diagnosis, "storage:/"));
  g_assert_cmpfloat (dc_diagnosis_get_progress (diagnosis), ==, 1.0);
  g_assert_false (dc_diagnosis_get_running (diagnosis));
}

static void
test_storage_measured (void)
{
  g_autoptr (JsonNode) node = run_report ("librem5", NULL);
  g_autofree char *root = fixture ("librem5");
  JsonObject *values = json_object_get_object_member (
    finding_of (json_node_get_object (node), "storage:/"), "values");
  g_autoptr (GFile) file = g_file_new_for_path (root);
  g_autoptr (GFileInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  /* The tree's "/" is this machine's disk: its size is what GIO says. */
  info = g_file_query_filesystem_info (file, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (
    json_object_get_int_member (values, "total_bytes"), ==,
    (gint64)g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_FILESYSTEM_SIZE));
  g_assert_cmpint (json_object_get_int_member (values, "free_bytes"), >, 0);
  g_assert_cmpfloat (json_object_get_double_member (values, "used_percent"), >=, 0);
  g_assert_cmpfloat (json_object_get_double_member (values, "used_percent"), <=, 100);
}

static void
test_generated (void)
{
  g_autoptr (JsonNode) node = run_report ("pinephone", NULL);
  const char *generated = json_object_get_string_member (json_node_get_object (node), "generated");
  g_autoptr (GDateTime) when = g_date_time_new_from_iso8601 (generated, NULL);
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  g_assert_nonnull (when);
  g_assert_cmpint (g_date_time_difference (now, when), <, 60 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (now, when), >=, -G_TIME_SPAN_SECOND);
}

/* A full scan of a tree, every service missing, in well under 50 ms (DESIGN §2). The best of a
 * few runs, so a busy machine's scheduler does not decide. */
static void
test_speed (void)
{
  g_autofree char *root = fixture ("qualcomm-pmos");
  gint64 best = G_MAXINT64;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr (DcDiagnosis) diagnosis = dc_diagnosis_new (root);
      gint64 start = g_get_monotonic_time ();

      g_assert_true (dc_diagnosis_run (diagnosis, NULL, NULL));
      best = MIN (best, g_get_monotonic_time () - start);
    }
  g_test_message ("Full scan: %" G_GINT64_FORMAT " µs", best);
  g_assert_cmpint (best, <, 50 * 1000);
}

static void
test_rerun (void)
{
  g_autofree char *root = fixture ("pinephone");
  g_autoptr (DcDiagnosis) diagnosis = dc_diagnosis_new (root);
  guint first;

  g_assert_true (dc_diagnosis_run (diagnosis, NULL, NULL));
  first = g_list_model_get_n_items (dc_diagnosis_get_findings (diagnosis));
  g_assert_true (dc_diagnosis_run (diagnosis, NULL, NULL));
  /* A second run replaces the first's findings, it does not add to them. */
  g_assert_cmpuint (g_list_model_get_n_items (dc_diagnosis_get_findings (diagnosis)), ==, first);
}

static void
test_bad_root (void)
{
  g_autoptr (DcDiagnosis) diagnosis = dc_diagnosis_new ("/nonexistent/capture");
  g_autoptr (GError) error = NULL;

  g_assert_false (dc_diagnosis_run (diagnosis, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "DEVICE_CARE_ROOT"));
}

static void
test_cancelled (void)
{
  g_autofree char *root = fixture ("pinephone");
  g_autoptr (DcDiagnosis) diagnosis = dc_diagnosis_new (root);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (dc_diagnosis_run (diagnosis, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (dc_diagnosis_get_running (diagnosis));
}

int
main (int argc, char **argv)
{
  /* No system services: the bus is somewhere that does not exist. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent/system_bus_socket", TRUE);
  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_autofree char *path = g_strdup_printf ("/diagnosis/fixture/%s", devices[i].fixture);
      g_test_add_data_func (path, &devices[i], test_fixture);
    }
  g_test_add_func ("/diagnosis/order", test_order);
  g_test_add_func ("/diagnosis/storage-measured", test_storage_measured);
  g_test_add_func ("/diagnosis/generated", test_generated);
  g_test_add_func ("/diagnosis/speed", test_speed);
  g_test_add_func ("/diagnosis/rerun", test_rerun);
  g_test_add_func ("/diagnosis/bad-root", test_bad_root);
  g_test_add_func ("/diagnosis/cancelled", test_cancelled);

  return g_test_run ();
}
