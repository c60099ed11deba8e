/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-sensors-probe-private.h"

/* Sensors: which ones iio-sensor-proxy found. Nothing is read from them: a diagnosis does not
 * need to know where the phone is pointing. */

#define SENSORS_NAME "net.hadess.SensorProxy"
#define SENSORS_PATH "/net/hadess/SensorProxy"
#define COMPASS_PATH "/net/hadess/SensorProxy/Compass"
#define COMPASS_INTERFACE "net.hadess.SensorProxy.Compass"

static int
lookup_flag (GVariant *properties, const char *key)
{
  gboolean value;

  return dc_probe_lookup (properties, key, "b", &value) ? (value != FALSE) : -1;
}

/**
 * dc_sensors_parse:
 * @proxy: (nullable): `net.hadess.SensorProxy`'s properties, `a{sv}`
 * @compass: (nullable): `net.hadess.SensorProxy.Compass`'s properties
 * @reading: (out caller-allocates): which sensors there are
 */
void
dc_sensors_parse (GVariant *proxy, GVariant *compass, DcSensorsReading *reading)
{
  reading->accelerometer = lookup_flag (proxy, "HasAccelerometer");
  reading->ambient_light = lookup_flag (proxy, "HasAmbientLight");
  reading->proximity = lookup_flag (proxy, "HasProximity");
  reading->compass = lookup_flag (compass, "HasCompass");
}

static void
add_flag (DcFinding *finding, const char *key, const char *label, int value, GPtrArray *present)
{
  if (value < 0)
    dc_finding_add_unknown (finding, key, label);
  else
    dc_finding_add_boolean (finding, key, label, value);
  if (value > 0 && present != NULL)
    g_ptr_array_add (present, (gpointer)label);
}

static void
add_values (DcFinding *finding, const DcSensorsReading *reading, GPtrArray *present)
{
  DcSensorsReading none = { -1, -1, -1, -1 };

  if (reading == NULL)
    reading = &none;
  add_flag (finding, "accelerometer", _ ("Accelerometer"), reading->accelerometer, present);
  add_flag (finding, "ambient_light", _ ("Ambient Light"), reading->ambient_light, present);
  add_flag (finding, "proximity", _ ("Proximity"), reading->proximity, present);
  add_flag (finding, "compass", _ ("Compass"), reading->compass, present);
}

/**
 * dc_sensors_evaluate:
 * @reading: which sensors there are
 *
 * The "sensors" finding: ok when at least one sensor is there, unknown when
 * none is (a broken driver and a device without sensors look alike).
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_sensors_evaluate (const DcSensorsReading *reading)
{
  DcFinding *finding = dc_finding_new ("sensors", "sensors", _ ("Sensors"));
  g_autoptr (GPtrArray) present = g_ptr_array_new ();
  g_autofree char *list = NULL;
  g_autofree char *summary = NULL;

  add_values (finding, reading, present);
  if (present->len == 0)
    {
      dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN,
                              _ ("No motion, light or proximity sensor was found."), NULL);
      return finding;
    }
  g_ptr_array_add (present, NULL);
  /* Translators: the separator between the names of sensors in a list. */
  list = g_strjoinv (_ (", "), (char **)present->pdata);
  /* Translators: %s is a list of sensors, such as "Accelerometer, Proximity". */
  summary = g_strdup_printf (_ ("Found: %s."), list);
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_OK, summary, NULL);
  return finding;
}

/**
 * dc_sensors_evaluate_unreachable:
 * @error: why iio-sensor-proxy could not be asked
 *
 * Returns: (transfer full): an unknown "sensors" finding saying why
 */
DcFinding *
dc_sensors_evaluate_unreachable (const GError *error)
{
  DcFinding *finding = dc_finding_new ("sensors", "sensors", _ ("Sensors"));
  g_autofree char *reason = dc_probe_context_explain ("iio-sensor-proxy", error);

  add_values (finding, NULL, NULL);
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN, reason, NULL);
  return finding;
}

/**
 * dc_sensors_probe_run:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns: (transfer full) (element-type DcFinding): the "sensors" finding
 */
GPtrArray *
dc_sensors_probe_run (DcProbeContext *context, GCancellable *cancellable)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GVariant) proxy = NULL;
  g_autoptr (GVariant) compass = NULL;
  g_autoptr (GError) error = NULL;
  DcSensorsReading reading;

  proxy = dc_probe_context_get_properties (context, SENSORS_NAME, SENSORS_PATH, SENSORS_NAME,
                                           cancellable, &error);
  if (proxy == NULL)
    {
      g_ptr_array_add (findings, dc_sensors_evaluate_unreachable (error));
      return findings;
    }
  /* The compass has its own object; older versions and mocks keep it on the main one. */
  compass = dc_probe_context_get_properties (context, SENSORS_NAME, COMPASS_PATH, COMPASS_INTERFACE,
                                             cancellable, NULL);
  if (compass == NULL)
    compass = dc_probe_context_get_properties (context, SENSORS_NAME, SENSORS_PATH,
                                               COMPASS_INTERFACE, cancellable, NULL);
  dc_sensors_parse (proxy, compass, &reading);
  g_ptr_array_add (findings, dc_sensors_evaluate (&reading));
  return findings;
}
