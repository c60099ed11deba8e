/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <string.h>

#include "dc-modem-probe-private.h"

/* The modem: ModemManager's objects in one GetManagedObjects call. The first modem (by object
 * path) is judged; the IMEIs of all of them go to the identity. An IMEI is never logged. */

#define MM_NAME "org.freedesktop.ModemManager1"
#define MM_PATH "/org/freedesktop/ModemManager1"
#define MM_MODEM "org.freedesktop.ModemManager1.Modem"
#define MM_MODEM_3GPP "org.freedesktop.ModemManager1.Modem.Modem3gpp"

void
dc_modem_reading_clear (DcModemReading *reading)
{
  g_clear_pointer (&reading->operator_name, g_free);
}

/**
 * dc_modem_get_objects:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * ModemManager's modems and their interfaces. Blocks for
 * %DC_PROBE_DBUS_TIMEOUT_MSEC at most.
 *
 * Returns: (transfer full) (nullable): an `a{oa{sa{sv}}}`
 */
GVariant *
dc_modem_get_objects (DcProbeContext *context, GCancellable *cancellable, GError **error)
{
  g_autoptr (GVariant) reply = NULL;

  reply = dc_probe_context_call (context, MM_NAME, MM_PATH, "org.freedesktop.DBus.ObjectManager",
                                 "GetManagedObjects", NULL, "(a{oa{sa{sv}}})", cancellable, error);
  if (reply == NULL)
    return NULL;
  return g_variant_get_child_value (reply, 0);
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *)a, *(const char *const *)b);
}

/* The paths of the objects that are modems, in order. */
static GPtrArray *
modem_paths (GVariant *objects)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  GVariantIter iter;
  const char *path;
  GVariant *interfaces;

  g_variant_iter_init (&iter, objects);
  while (g_variant_iter_loop (&iter, "{&o@a{sa{sv}}}", &path, &interfaces))
    {
      g_autoptr (GVariant) modem = g_variant_lookup_value (interfaces, MM_MODEM, NULL);

      if (modem != NULL)
        g_ptr_array_add (paths, g_strdup (path));
    }
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

static GVariant *
interface_of (GVariant *objects, const char *path, const char *interface)
{
  g_autoptr (GVariant) interfaces = NULL;

  interfaces = g_variant_lookup_value (objects, path, G_VARIANT_TYPE ("a{sa{sv}}"));
  if (interfaces == NULL)
    return NULL;
  return g_variant_lookup_value (interfaces, interface, G_VARIANT_TYPE ("a{sv}"));
}

/**
 * dc_modem_parse_objects:
 * @objects: ModemManager's objects, `a{oa{sa{sv}}}`
 * @reading: (out caller-allocates): the first modem
 *
 * Reads the first modem's state, SIM, signal, access technology and
 * operator. Without a modem, @reading->found is %FALSE.
 */
void
dc_modem_parse_objects (GVariant *objects, DcModemReading *reading)
{
  g_autoptr (GPtrArray) paths = modem_paths (objects);
  g_autoptr (GVariant) modem = NULL;
  g_autoptr (GVariant) gpp = NULL;
  g_autofree char *sim = NULL;
  guint32 quality;
  gboolean recent;

  *reading = (DcModemReading){ FALSE, 0, 0, 0, FALSE, -1, 0, NULL };
  if (paths->len == 0)
    return;
  modem = interface_of (objects, g_ptr_array_index (paths, 0), MM_MODEM);
  gpp = interface_of (objects, g_ptr_array_index (paths, 0), MM_MODEM_3GPP);

  reading->found = TRUE;
  dc_probe_lookup (modem, "State", "i", &reading->state);
  dc_probe_lookup (modem, "StateFailedReason", "u", &reading->failed_reason);
  dc_probe_lookup (modem, "UnlockRequired", "u", &reading->unlock_required);
  dc_probe_lookup (modem, "AccessTechnologies", "u", &reading->access_technologies);
  reading->has_sim = dc_probe_lookup (modem, "Sim", "o", &sim) && g_strcmp0 (sim, "/") != 0;
  if (dc_probe_lookup (modem, "SignalQuality", "(ub)", &quality, &recent) && quality <= 100)
    reading->signal_percent = quality;
  if (gpp != NULL && dc_probe_lookup (gpp, "OperatorName", "s", &reading->operator_name)
      && *reading->operator_name == '\0')
    g_clear_pointer (&reading->operator_name, g_free);
}

/* 14 to 16 digits: an IMEI (or IMEISV). A CDMA modem's MEID or ESN is not one. */
static gboolean
is_imei (const char *value)
{
  gsize length = value != NULL ? strlen (value) : 0;

  if (length < 14 || length > 16)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (value[i]))
        return FALSE;
    }
  return TRUE;
}

/**
 * dc_modem_parse_imei:
 * @objects: ModemManager's objects, `a{oa{sa{sv}}}`
 *
 * The IMEI of every modem, in object path order: the 3GPP interface's
 * `Imei`, else the modem's `EquipmentIdentifier` when it is an IMEI.
 *
 * Returns: (transfer full): the IMEIs, empty when there is no modem
 */
char **
dc_modem_parse_imei (GVariant *objects)
{
  g_autoptr (GPtrArray) paths = modem_paths (objects);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr (GVariant) modem = interface_of (objects, path, MM_MODEM);
      g_autoptr (GVariant) gpp = interface_of (objects, path, MM_MODEM_3GPP);
      g_autofree char *imei = NULL;

      if (gpp == NULL || !dc_probe_lookup (gpp, "Imei", "s", &imei) || !is_imei (imei))
        {
          g_clear_pointer (&imei, g_free);
          dc_probe_lookup (modem, "EquipmentIdentifier", "s", &imei);
        }
      if (is_imei (imei))
        g_strv_builder_add (builder, imei);
    }
  return g_strv_builder_end (builder);
}

/**
 * dc_modem_probe_run:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 *
 * The "modem" finding; the IMEIs go to @context for the identity.
 *
 * Returns: (transfer full) (element-type DcFinding): the finding
 */
GPtrArray *
dc_modem_probe_run (DcProbeContext *context, GCancellable *cancellable)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto (DcModemReading) reading = { 0 };
  g_autoptr (GVariant) objects = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) imei = NULL;

  objects = dc_modem_get_objects (context, cancellable, &error);
  if (objects == NULL)
    {
      g_ptr_array_add (findings, dc_modem_evaluate_unreachable (error));
      return findings;
    }
  imei = dc_modem_parse_imei (objects);
  dc_probe_context_set_imei (context, (const char *const *)imei);
  dc_modem_parse_objects (objects, &reading);
  g_ptr_array_add (findings,
                   dc_modem_evaluate (&reading, dc_probe_context_get_thresholds (context)));
  return findings;
}
