/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "dc-diagnosis.h"
#include "dc-identity-private.h"

/* The system services, faked by python-dbusmock on a private bus that stands in for the system
 * bus: UPower, NetworkManager, iio-sensor-proxy from dbusmock's templates, and ModemManager
 * built object by object (Debian's dbusmock 0.28.7 has no template for it, DESIGN §2). The
 * device files come from a recorded tree without a battery, so what the report says about the
 * battery, network, modem and sensors can only come from the bus. */

#define MOCK_INTERFACE "org.freedesktop.DBus.Mock"
#define MM_PATH "/org/freedesktop/ModemManager1"
#define IMEI_1 "356938035643809"
#define IMEI_2 "356938035643817"

typedef struct
{
  GTestDBus *bus;
  GDBusConnection *connection;
  GPtrArray *mocks; /* of GSubprocess */
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char *address;

  fixture->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fixture->bus);
  address = g_test_dbus_get_bus_address (fixture->bus);
  /* Before anything connects: this bus is the system bus now. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  fixture->connection = g_dbus_connection_new_for_address_sync (
    address,
    G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
    NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->mocks = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  for (guint i = 0; i < fixture->mocks->len; i++)
    {
      GSubprocess *mock = g_ptr_array_index (fixture->mocks, i);

      g_subprocess_send_signal (mock, SIGCONT); /* if a test stopped it */
      g_subprocess_force_exit (mock);
      g_subprocess_wait (mock, NULL, NULL);
    }
  g_ptr_array_unref (fixture->mocks);
  g_dbus_connection_close_sync (fixture->connection, NULL, NULL);
  g_object_unref (fixture->connection);
  g_test_dbus_down (fixture->bus);
  g_object_unref (fixture->bus);
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
}

static void
name_appeared_cb (GDBusConnection *connection, const char *name, const char *owner,
                  gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
}

static gboolean
timed_out_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A mock whose test fails is killed with the test: the kernel ends it when we die. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts `python3 -m dbusmock --system ARGS…` and waits, 10 s at most, until it owns @name. */
static GSubprocess *
start_mock (Fixture *fixture, const char *name, ...)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *mock;
  gboolean appeared = FALSE, timed_out = FALSE;
  guint watch, timeout;
  const char *arg;
  va_list args;

  /* Debian's python3, which has python3-dbusmock; PATH's may be another. */
  g_ptr_array_add (argv, (gpointer) "/usr/bin/python3");
  g_ptr_array_add (argv, (gpointer) "-m");
  g_ptr_array_add (argv, (gpointer) "dbusmock");
  g_ptr_array_add (argv, (gpointer) "--system");
  va_start (args, name);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  mock = g_subprocess_launcher_spawnv (launcher, (const char *const *)argv->pdata, &error);
  g_assert_no_error (error);
  g_ptr_array_add (fixture->mocks, mock);

  watch = g_bus_watch_name_on_connection (fixture->connection, name, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          name_appeared_cb, NULL, &appeared, NULL);
  timeout = g_timeout_add_seconds (10, timed_out_cb, &timed_out);
  while (!appeared && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch);
  if (!timed_out)
    g_source_remove (timeout);
  if (!appeared)
    g_error ("The mock of %s did not appear on the bus within 10 s", name);
  return mock;
}

static GVariant *
call (Fixture *fixture, const char *name, const char *path, const char *method, GVariant *params)
{
  g_autoptr (GError) error = NULL;
  GVariant *reply
    = g_dbus_connection_call_sync (fixture->connection, name, path, MOCK_INTERFACE, method, params,
                                   NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);

  g_assert_no_error (error);
  return reply;
}

static char *
call_for_path (Fixture *fixture, const char *name, const char *path, const char *method,
               GVariant *params)
{
  g_autoptr (GVariant) reply = call (fixture, name, path, method, params);
  char *result;

  g_variant_get (reply, "(s)", &result);
  return result;
}

static void
add_property (Fixture *fixture, const char *name, const char *path, const char *interface,
              const char *property, GVariant *value)
{
  g_autoptr (GVariant) reply = call (fixture, name, path, "AddProperty",
                                     g_variant_new ("(ssv)", interface, property, value));
}

static DcDiagnosis *
diagnose (void)
{
  g_autofree char *root
    = g_test_build_filename (G_TEST_DIST, "data", "device", "desktop-no-serial", NULL);
  DcDiagnosis *diagnosis = dc_diagnosis_new (root);
  g_autoptr (GError) error = NULL;

  g_assert_true (dc_diagnosis_run (diagnosis, NULL, &error));
  g_assert_no_error (error);
  return diagnosis;
}

static JsonObject *
report_finding (JsonNode *report, const char *id)
{
  JsonArray *findings = json_object_get_array_member (json_node_get_object (report), "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *finding = json_array_get_object_element (findings, i);
      if (g_strcmp0 (json_object_get_string_member (finding, "id"), id) == 0)
        return finding;
    }
  g_error ("No finding “%s” in the report", id);
}

static JsonObject *
values_of (JsonObject *finding)
{
  return json_object_get_object_member (finding, "values");
}

#define UPOWER "org.freedesktop.UPower"
#define UPOWER_DEVICE "org.freedesktop.UPower.Device"

static char *
add_upower_battery (Fixture *fixture)
{
  start_mock (fixture, UPOWER, "--template", "upower", NULL);
  return call_for_path (fixture, UPOWER, "/org/freedesktop/UPower", "AddDischargingBattery",
                        g_variant_new ("(ssdx)", "mock_BAT", "Mock Battery", 30.0, (gint64)1200));
}

static void
test_upower_battery (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = add_upower_battery (fixture);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  JsonObject *battery, *values;

  reply = call (fixture, UPOWER, "/org/freedesktop/UPower", "SetDeviceProperties",
                g_variant_new_parsed ("(%o, {'EnergyFull': <36.0>})", path));
  add_property (fixture, UPOWER, path, UPOWER_DEVICE, "EnergyFullDesign",
                g_variant_new_double (50.0));
  add_property (fixture, UPOWER, path, UPOWER_DEVICE, "ChargeCycles", g_variant_new_int32 (640));
  add_property (fixture, UPOWER, path, UPOWER_DEVICE, "Temperature", g_variant_new_double (33.5));
  add_property (fixture, UPOWER, path, UPOWER_DEVICE, "Technology", g_variant_new_uint32 (1));

  diagnosis = diagnose ();
  report = dc_diagnosis_to_json (diagnosis);
  battery = report_finding (report, "battery");
  values = values_of (battery);
  /* 36 ÷ 50 Wh: worn, and the customer is told where to go. */
  g_assert_cmpstr (json_object_get_string_member (battery, "status"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (values, "source"), ==, "upower");
  g_assert_cmpint (json_object_get_int_member (values, "capacity_percent"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (values, "health_percent"), ==, 72);
  g_assert_cmpint (json_object_get_int_member (values, "cycle_count"), ==, 640);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (values, "temperature_c"), 33.5,
                                  1e-9);
  g_assert_cmpstr (json_object_get_string_member (values, "state"), ==, "discharging");
  g_assert_cmpstr (json_object_get_string_member (values, "technology"), ==, "Li-ion");
  g_assert_nonnull (strstr (json_object_get_string_member (battery, "advice"), "service center"));
}

static void
test_upower_capacity_trap (Fixture *fixture, gconstpointer data)
{
  g_autofree char *path = add_upower_battery (fixture);
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  JsonObject *battery;

  /* A PinePhone through UPower: Capacity 100, no design capacity. Not "100 % healthy". */
  add_property (fixture, UPOWER, path, UPOWER_DEVICE, "Capacity", g_variant_new_double (100.0));
  add_property (fixture, UPOWER, path, UPOWER_DEVICE, "EnergyFullDesign",
                g_variant_new_double (0.0));

  diagnosis = diagnose ();
  report = dc_diagnosis_to_json (diagnosis);
  battery = report_finding (report, "battery");
  g_assert_cmpstr (json_object_get_string_member (battery, "status"), ==, "unknown");
  g_assert_true (json_object_get_null_member (values_of (battery), "health_percent"));
  g_assert_cmpint (json_object_get_int_member (values_of (battery), "capacity_percent"), ==, 30);
}

#define NM "org.freedesktop.NetworkManager"

static void
test_networkmanager (Fixture *fixture, gconstpointer data)
{
  const char *devices[] = { NULL, NULL };
  g_autofree char *device = NULL;
  g_autofree char *ap = NULL;
  g_autofree char *connection = NULL;
  g_autofree char *active = NULL;
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (JsonNode) portal_report = NULL;
  g_autoptr (GVariant) reply = NULL;
  JsonObject *network;

  start_mock (fixture, NM, "--template", "networkmanager", NULL);
  device = call_for_path (fixture, NM, "/org/freedesktop", "AddWiFiDevice",
                          g_variant_new ("(ssi)", "mock_wifi0", "wlan0", 100));
  ap = call_for_path (fixture, NM, "/org/freedesktop", "AddAccessPoint",
                      g_variant_new ("(ssssuuuyu)", device, "Mock_AP1", "HomeNet",
                                     "00:23:F8:7E:12:BB", 2, 2425, 54000, 82, 0));
  connection = call_for_path (fixture, NM, "/org/freedesktop", "AddWiFiConnection",
                              g_variant_new ("(ssss)", device, "Mock_Con1", "HomeNet", ""));
  devices[0] = device;
  active = call_for_path (fixture, NM, "/org/freedesktop", "AddActiveConnection",
                          g_variant_new ("(^assssu)", devices, connection, ap, "Mock_Active1", 2));

  diagnosis = diagnose ();
  report = dc_diagnosis_to_json (diagnosis);
  network = report_finding (report, "network");
  g_assert_cmpstr (json_object_get_string_member (network, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (values_of (network), "connectivity"), ==, "full");
  g_assert_cmpstr (json_object_get_string_member (values_of (network), "connection"), ==, "wifi");
  g_assert_cmpint (json_object_get_int_member (values_of (network), "wifi_strength_percent"), ==,
                   82);

  /* Behind a hotel's sign-in page. */
  reply = call (fixture, NM, "/org/freedesktop", "SetConnectivity", g_variant_new ("(u)", 2));
  g_assert_true (dc_diagnosis_run (diagnosis, NULL, NULL));
  portal_report = dc_diagnosis_to_json (diagnosis);
  network = report_finding (portal_report, "network");
  g_assert_cmpstr (json_object_get_string_member (network, "status"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (values_of (network), "connectivity"), ==,
                   "portal");
  g_assert_nonnull (json_object_get_string_member (network, "advice"));
}

#define MM "org.freedesktop.ModemManager1"
#define MM_MODEM "org.freedesktop.ModemManager1.Modem"

/* A modem as ModemManager exports it: EquipmentIdentifier on the modem, Imei and the operator on
 * its 3GPP interface. */
static void
add_modem (Fixture *fixture, guint index, const char *modem_properties, const char *imei,
           const char *operator_name)
{
  g_autofree char *path = g_strdup_printf (MM_PATH "/Modem/%u", index);
  g_autofree char *text = g_strdup_printf ("{'EquipmentIdentifier': <'%s'>, 'Manufacturer': "
                                           "<'QUALCOMM INCORPORATED'>, 'Model': <'0'>, %s}",
                                           imei, modem_properties);
  g_autoptr (GVariant) added = NULL;
  g_autoptr (GVariant) gpp = NULL;

  added = call (fixture, MM, MM_PATH, "AddObject",
                g_variant_new ("(ss@a{sv}@a(ssss))", path, MM_MODEM, g_variant_new_parsed (text),
                               g_variant_new_array (G_VARIANT_TYPE ("(ssss)"), NULL, 0)));
  gpp = call (fixture, MM, path, "AddProperties",
              g_variant_new_parsed ("(%s, {'Imei': <%s>, 'OperatorName': <%s>})",
                                    MM_MODEM ".Modem3gpp", imei, operator_name));
}

static void
start_modemmanager (Fixture *fixture)
{
  start_mock (fixture, MM, "-m", MM, MM_PATH, MM, NULL);
}

static void
imei_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  *(GAsyncResult **)user_data = g_object_ref (result);
}

static void
test_modemmanager (Fixture *fixture, gconstpointer data)
{
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  g_autoptr (DcIdentity) identity = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *modem, *device;

  start_modemmanager (fixture);
  add_modem (fixture, 0,
             "'State': <int32 11>, 'Sim': <objectpath '" MM_PATH "/SIM/0'>, "
             "'UnlockRequired': <uint32 1>, 'SignalQuality': <(uint32 45, true)>, "
             "'AccessTechnologies': <uint32 16384>",
             IMEI_1, "Mock Telecom");
  /* A second modem, without a SIM: its IMEI counts, its state is not the verdict. */
  add_modem (fixture, 1, "'State': <int32 -1>, 'StateFailedReason': <uint32 2>", IMEI_2, "");

  diagnosis = diagnose ();
  report = dc_diagnosis_to_json (diagnosis);
  modem = report_finding (report, "modem");
  g_assert_cmpstr (json_object_get_string_member (modem, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (values_of (modem), "sim"), ==, "ready");
  g_assert_cmpint (json_object_get_int_member (values_of (modem), "signal_percent"), ==, 45);
  g_assert_cmpstr (json_object_get_string_member (values_of (modem), "access_technology"), ==,
                   "lte");
  g_assert_cmpstr (json_object_get_string_member (values_of (modem), "operator"), ==,
                   "Mock Telecom");

  device = json_object_get_object_member (json_node_get_object (report), "device");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (device, "imei")), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (device, "imei"), 0),
                   ==, IMEI_1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (device, "imei"), 1),
                   ==, IMEI_2);

  /* The identity card asks on its own, as the app does. */
  identity = g_object_ref (dc_diagnosis_get_identity (diagnosis));
  dc_identity_set_imei (identity, NULL);
  dc_identity_read_imei_async (identity, NULL, imei_read_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dc_identity_read_imei_finish (identity, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (dc_identity_get_imei (identity), ((const char *[]){ IMEI_1, IMEI_2, NULL }));
}

static void
test_modem_without_sim (Fixture *fixture, gconstpointer data)
{
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  JsonObject *modem;

  start_modemmanager (fixture);
  add_modem (fixture, 0,
             "'State': <int32 -1>, 'StateFailedReason': <uint32 2>, "
             "'Sim': <objectpath '/'>",
             IMEI_1, "");

  diagnosis = diagnose ();
  report = dc_diagnosis_to_json (diagnosis);
  modem = report_finding (report, "modem");
  g_assert_cmpstr (json_object_get_string_member (modem, "status"), ==, "warning");
  g_assert_cmpstr (json_object_get_string_member (values_of (modem), "sim"), ==, "missing");
  g_assert_true (json_object_get_null_member (values_of (modem), "operator"));
  g_assert_nonnull (strstr (json_object_get_string_member (modem, "advice"), "SIM"));
}

static void
test_sensors (Fixture *fixture, gconstpointer data)
{
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  JsonObject *sensors;

  start_mock (fixture, "net.hadess.SensorProxy", "--template", "iio-sensors-proxy", "-p",
              "{\"has_accelerometer\": true, \"has_proximity\": true}", NULL);
  diagnosis = diagnose ();
  report = dc_diagnosis_to_json (diagnosis);
  sensors = report_finding (report, "sensors");
  g_assert_cmpstr (json_object_get_string_member (sensors, "status"), ==, "ok");
  g_assert_true (json_object_get_boolean_member (values_of (sensors), "accelerometer"));
  g_assert_true (json_object_get_boolean_member (values_of (sensors), "proximity"));
  g_assert_false (json_object_get_boolean_member (values_of (sensors), "ambient_light"));
  g_assert_false (json_object_get_boolean_member (values_of (sensors), "compass"));
}

/* A bus without any of the services: each says so, at once. */
static void
test_services_missing (Fixture *fixture, gconstpointer data)
{
  static const char *const ids[] = { "network", "modem", "sensors" };
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  gint64 start = g_get_monotonic_time ();

  diagnosis = diagnose ();
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_TIME_SPAN_SECOND);
  report = dc_diagnosis_to_json (diagnosis);
  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *finding = report_finding (report, ids[i]);

      g_assert_cmpstr (json_object_get_string_member (finding, "status"), ==, "unknown");
      g_assert_nonnull (strstr (json_object_get_string_member (finding, "summary"),
                                "is not running on this device"));
    }
  /* ModemManager is not there: the IMEIs are unknown, not "none". */
  g_assert_true (json_object_get_null_member (
    json_object_get_object_member (json_node_get_object (report), "device"), "imei"));
}

/* A service that holds its name but never answers costs 2 seconds, not a hang. */
static void
test_service_hangs (Fixture *fixture, gconstpointer data)
{
  GSubprocess *mock = start_mock (fixture, NM, "--template", "networkmanager", NULL);
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  JsonObject *network;
  gint64 start, elapsed;

  g_subprocess_send_signal (mock, SIGSTOP);
  start = g_get_monotonic_time ();
  diagnosis = diagnose ();
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("Diagnosis with a hung service: %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, >=, 1900 * 1000);
  g_assert_cmpint (elapsed, <, 4 * G_TIME_SPAN_SECOND);

  report = dc_diagnosis_to_json (diagnosis);
  network = report_finding (report, "network");
  g_assert_cmpstr (json_object_get_string_member (network, "status"), ==, "unknown");
  g_assert_cmpstr (json_object_get_string_member (network, "summary"), ==,
                   "NetworkManager did not answer within 2 seconds.");
}

/* A bus daemon that takes the connection and never answers: 2 seconds, then "not available". */
static void
test_bus_hangs (void)
{
  const char *argv[] = { "dbus-daemon", "--session", "--nofork", "--print-address=1", NULL };
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GSubprocess) daemon = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *address = NULL;
  g_autoptr (DcDiagnosis) diagnosis = NULL;
  g_autoptr (JsonNode) report = NULL;
  gint64 start, elapsed;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  daemon = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (daemon));
  address = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (address);

  g_subprocess_send_signal (daemon, SIGSTOP);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
  start = g_get_monotonic_time ();
  diagnosis = diagnose ();
  elapsed = g_get_monotonic_time () - start;
  g_unsetenv ("DBUS_SYSTEM_BUS_ADDRESS");
  g_subprocess_send_signal (daemon, SIGCONT);
  g_subprocess_force_exit (daemon);
  g_subprocess_wait (daemon, NULL, NULL);

  g_test_message ("Diagnosis with a stopped bus: %" G_GINT64_FORMAT " ms", elapsed / 1000);
  g_assert_cmpint (elapsed, <, 4 * G_TIME_SPAN_SECOND);
  report = dc_diagnosis_to_json (diagnosis);
  g_assert_cmpstr (json_object_get_string_member (report_finding (report, "modem"), "summary"), ==,
                   "The system message bus is not available, so ModemManager could not be asked.");
}

#define HOSTNAMED "org.freedesktop.hostname1"
#define HOSTNAMED_PATH "/org/freedesktop/hostname1"

/* The desktop tree has only DMI's placeholder serial: the customer asks hostnamed, which hostnamed
 * answers with @code (dbusmock's Python for the method's body), or does not run when NULL. */
static DcIdentity *
read_hardware_serial (Fixture *fixture, const char *code, GError **error)
{
  g_autofree char *root
    = g_test_build_filename (G_TEST_DIST, "data", "device", "desktop-no-serial", NULL);
  g_autoptr (DcIdentity) identity = dc_identity_read (root, NULL, NULL);
  g_autoptr (GAsyncResult) result = NULL;

  g_assert_nonnull (identity);
  g_assert_null (dc_identity_get_serial (identity));
  g_assert_nonnull (dc_identity_get_serial_problem (identity));
  if (code != NULL)
    {
      g_autoptr (GVariant) added = NULL;

      start_mock (fixture, HOSTNAMED, HOSTNAMED, HOSTNAMED_PATH, HOSTNAMED, NULL);
      added = call (fixture, HOSTNAMED, HOSTNAMED_PATH, "AddMethod",
                    g_variant_new ("(sssss)", HOSTNAMED, "GetHardwareSerial", "", "s", code));
    }
  dc_identity_read_hardware_serial_async (identity, NULL, imei_read_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (!dc_identity_read_hardware_serial_finish (identity, result, error))
    return NULL;
  return g_steal_pointer (&identity);
}

static void
test_hostnamed_serial (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = read_hardware_serial (fixture, "ret = '  PF2ABC12\\n'", &error);
  g_autoptr (JsonNode) json = NULL;
  JsonObject *serial;

  g_assert_no_error (error);
  g_assert_cmpstr (dc_identity_get_serial (identity), ==, "PF2ABC12");
  g_assert_cmpint (dc_identity_get_serial_source (identity), ==, DC_SERIAL_SOURCE_HOSTNAMED);
  g_assert_null (dc_identity_get_serial_problem (identity));
  json = dc_identity_to_json (identity);
  serial = json_object_get_object_member (json_node_get_object (json), "serial");
  g_assert_cmpstr (json_object_get_string_member (serial, "value"), ==, "PF2ABC12");
  g_assert_cmpstr (json_object_get_string_member (serial, "source"), ==, "hostnamed");
}

static void
test_hostnamed_refuses (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) denied = NULL;

  denied = read_hardware_serial (fixture,
                                 "raise dbus.exceptions.DBusException('Permission denied', "
                                 "name='org.freedesktop.DBus.Error.AccessDenied')",
                                 &error);
  g_assert_null (denied);
  g_assert_cmpstr (error->message, ==,
                   "The system did not allow reading the serial number from the firmware.");
}

static void
test_hostnamed_no_serial (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = read_hardware_serial (fixture, "ret = ''", &error);

  g_assert_null (identity);
  g_assert_cmpstr (error->message, ==, "The firmware holds no serial number.");
}

static void
test_hostnamed_missing (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = read_hardware_serial (fixture, NULL, &error);

  g_assert_null (identity);
  g_assert_cmpstr (error->message, ==, "systemd-hostnamed is not running on this device.");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/diagnosis-dbus/upower/battery", test_upower_battery);
  ADD ("/diagnosis-dbus/upower/capacity-trap", test_upower_capacity_trap);
  ADD ("/diagnosis-dbus/networkmanager", test_networkmanager);
  ADD ("/diagnosis-dbus/modemmanager", test_modemmanager);
  ADD ("/diagnosis-dbus/modemmanager/without-sim", test_modem_without_sim);
  ADD ("/diagnosis-dbus/sensors", test_sensors);
  ADD ("/diagnosis-dbus/services-missing", test_services_missing);
  ADD ("/diagnosis-dbus/service-hangs", test_service_hangs);
  ADD ("/diagnosis-dbus/hostnamed/serial", test_hostnamed_serial);
  ADD ("/diagnosis-dbus/hostnamed/refuses", test_hostnamed_refuses);
  ADD ("/diagnosis-dbus/hostnamed/no-serial", test_hostnamed_no_serial);
  ADD ("/diagnosis-dbus/hostnamed/missing", test_hostnamed_missing);
#undef ADD
  g_test_add_func ("/diagnosis-dbus/bus-hangs", test_bus_hangs);

  return g_test_run ();
}
