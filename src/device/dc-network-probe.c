/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-network-probe-private.h"

/* The network: NetworkManager's connectivity, the primary connection's type, and the strength of
 * the Wi-Fi access point in use (an active Wi-Fi connection's SpecificObject). */

#define NM_NAME "org.freedesktop.NetworkManager"
#define NM_PATH "/org/freedesktop/NetworkManager"
#define NM_ACTIVE "org.freedesktop.NetworkManager.Connection.Active"
#define NM_ACCESS_POINT "org.freedesktop.NetworkManager.AccessPoint"
#define NM_WIFI_TYPE "802-11-wireless"

enum
{
  CONNECTIVITY_UNKNOWN,
  CONNECTIVITY_NONE,
  CONNECTIVITY_PORTAL,
  CONNECTIVITY_LIMITED,
  CONNECTIVITY_FULL,
};

void
dc_network_reading_clear (DcNetworkReading *reading)
{
  g_clear_pointer (&reading->connection_type, g_free);
}

/**
 * dc_network_parse_manager:
 * @properties: `org.freedesktop.NetworkManager`'s properties, `a{sv}`
 * @reading: (out caller-allocates): connectivity, state and Wi-Fi switch
 */
void
dc_network_parse_manager (GVariant *properties, DcNetworkReading *reading)
{
  *reading = (DcNetworkReading){ 0, 0, NULL, -1, FALSE, FALSE };
  if (!dc_probe_lookup (properties, "Connectivity", "u", &reading->connectivity)
      || reading->connectivity > CONNECTIVITY_FULL)
    reading->connectivity = CONNECTIVITY_UNKNOWN;
  dc_probe_lookup (properties, "State", "u", &reading->state);
  reading->wireless_known
    = dc_probe_lookup (properties, "WirelessEnabled", "b", &reading->wireless_enabled);
}

/* Where NetworkManager does not check connectivity (the check is off), its state says as much. */
static guint32
effective_connectivity (const DcNetworkReading *reading)
{
  if (reading->connectivity != CONNECTIVITY_UNKNOWN)
    return reading->connectivity;
  switch (reading->state)
    {
      case 70: /* NM_STATE_CONNECTED_GLOBAL */
        return CONNECTIVITY_FULL;
      case 50: /* NM_STATE_CONNECTED_LOCAL */
      case 60: /* NM_STATE_CONNECTED_SITE */
        return CONNECTIVITY_LIMITED;
      case 10: /* NM_STATE_ASLEEP */
      case 20: /* NM_STATE_DISCONNECTED */
        return CONNECTIVITY_NONE;
      default:
        return CONNECTIVITY_UNKNOWN;
    }
}

static void
connectivity_names (guint32 connectivity, const char **id, const char **display)
{
  static const char *const ids[] = { NULL, "none", "portal", "limited", "full" };

  *id = ids[MIN (connectivity, CONNECTIVITY_FULL)];
  switch (connectivity)
    {
      case CONNECTIVITY_NONE:
        *display = _ ("Not connected");
        break;
      case CONNECTIVITY_PORTAL:
        *display = _ ("Sign-in required");
        break;
      case CONNECTIVITY_LIMITED:
        *display = _ ("No internet");
        break;
      case CONNECTIVITY_FULL:
        *display = _ ("Connected to the internet");
        break;
      default:
        *display = NULL;
    }
}

static void
connection_names (const char *type, const char **id, const char **display)
{
  *id = type, *display = NULL;
  if (g_strcmp0 (type, NM_WIFI_TYPE) == 0)
    *id = "wifi", *display = _ ("Wi-Fi");
  else if (g_strcmp0 (type, "802-3-ethernet") == 0)
    *id = "ethernet", *display = _ ("Ethernet");
  else if (g_strcmp0 (type, "gsm") == 0 || g_strcmp0 (type, "cdma") == 0)
    *id = "mobile", *display = _ ("Mobile data");
}

static void
add_values (DcFinding *finding, const DcNetworkReading *reading)
{
  const char *id, *display;

  connectivity_names (reading ? effective_connectivity (reading) : 0, &id, &display);
  dc_finding_add_string (finding, "connectivity", _ ("Internet"), id, display);
  connection_names (reading ? reading->connection_type : NULL, &id, &display);
  dc_finding_add_string (finding, "connection", _ ("Connection"), id, display);
  if (reading != NULL && reading->wifi_strength_percent >= 0)
    dc_finding_add_integer (finding, "wifi_strength_percent", _ ("Wi-Fi Signal"),
                            reading->wifi_strength_percent, DC_FINDING_UNIT_PERCENT);
  else
    dc_finding_add_unknown (finding, "wifi_strength_percent", _ ("Wi-Fi Signal"));
  if (reading != NULL && reading->wireless_known)
    dc_finding_add_boolean (finding, "wireless_enabled", _ ("Wi-Fi Turned On"),
                            reading->wireless_enabled);
  else
    dc_finding_add_unknown (finding, "wireless_enabled", _ ("Wi-Fi Turned On"));
}

/**
 * dc_network_evaluate:
 * @reading: what NetworkManager said
 * @thresholds: the table to judge by
 *
 * The "network" finding: a warning without internet, behind a sign-in
 * page, or on a weak Wi-Fi signal.
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_network_evaluate (const DcNetworkReading *reading, const DcThresholds *thresholds)
{
  DcFinding *finding = dc_finding_new ("network", "network", _ ("Network"));
  g_autofree char *summary = NULL;

  add_values (finding, reading);
  switch (effective_connectivity (reading))
    {
      case CONNECTIVITY_NONE:
        dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING,
                                _ ("This device is not connected to a network."),
                                _ ("Turn on Wi-Fi or mobile data, or move to where the signal is "
                                   "better."));
        break;
      case CONNECTIVITY_PORTAL:
        dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING,
                                _ ("The network asks you to sign in before it lets you on the "
                                   "internet."),
                                _ ("Open a web browser and sign in to the network."));
        break;
      case CONNECTIVITY_LIMITED:
        dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING,
                                _ ("The network is connected, but the internet cannot be "
                                   "reached."),
                                _ ("Restart the Wi-Fi router or try another network. On mobile "
                                   "data, check that your plan includes data."));
        break;
      case CONNECTIVITY_FULL:
        if (reading->wifi_strength_percent >= 0
            && reading->wifi_strength_percent < thresholds->wifi_strength_warning_percent)
          {
            /* Translators: %d is a signal strength in percent; "%%" is a percent sign. */
            summary = g_strdup_printf (_ ("Connected to the internet, but the Wi-Fi signal is "
                                          "weak (%d %%)."),
                                       (int)reading->wifi_strength_percent);
            dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, summary,
                                    _ ("Move closer to the Wi-Fi router."));
          }
        else
          dc_finding_set_verdict (finding, DC_FINDING_STATUS_OK, _ ("Connected to the internet."),
                                  NULL);
        break;
      default:
        dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN,
                                _ ("NetworkManager does not know whether the internet can be "
                                   "reached."),
                                NULL);
    }
  return finding;
}

/**
 * dc_network_evaluate_unreachable:
 * @error: why NetworkManager could not be asked
 *
 * Returns: (transfer full): an unknown "network" finding saying why
 */
DcFinding *
dc_network_evaluate_unreachable (const GError *error)
{
  DcFinding *finding = dc_finding_new ("network", "network", _ ("Network"));
  g_autofree char *reason = dc_probe_context_explain ("NetworkManager", error);

  add_values (finding, NULL);
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN, reason, NULL);
  return finding;
}

static void
read_access_point (DcProbeContext *context, const char *path, DcNetworkReading *reading,
                   GCancellable *cancellable)
{
  g_autoptr (GVariant) properties = NULL;
  guint8 strength;

  if (g_strcmp0 (path, "/") == 0)
    return;
  properties
    = dc_probe_context_get_properties (context, NM_NAME, path, NM_ACCESS_POINT, cancellable, NULL);
  if (properties != NULL && dc_probe_lookup (properties, "Strength", "y", &strength)
      && strength <= 100)
    reading->wifi_strength_percent = strength;
}

/* The primary connection's type, and the strength of the Wi-Fi one. */
static void
read_active_connections (DcProbeContext *context, GVariant *manager, DcNetworkReading *reading,
                         GCancellable *cancellable)
{
  g_autoptr (GVariantIter) paths = NULL;
  g_autofree char *primary = NULL;
  const char *path;

  dc_probe_lookup (manager, "PrimaryConnection", "o", &primary);
  if (!dc_probe_lookup (manager, "ActiveConnections", "ao", &paths))
    return;
  while (g_variant_iter_loop (paths, "&o", &path))
    {
      g_autoptr (GVariant) active = NULL;
      g_autofree char *type = NULL;
      g_autofree char *specific = NULL;
      gboolean is_default = FALSE;

      active
        = dc_probe_context_get_properties (context, NM_NAME, path, NM_ACTIVE, cancellable, NULL);
      if (active == NULL || !dc_probe_lookup (active, "Type", "s", &type))
        continue;
      dc_probe_lookup (active, "Default", "b", &is_default);
      if (reading->connection_type == NULL && (is_default || g_strcmp0 (path, primary) == 0))
        reading->connection_type = g_strdup (type);
      if (reading->wifi_strength_percent < 0 && g_strcmp0 (type, NM_WIFI_TYPE) == 0
          && dc_probe_lookup (active, "SpecificObject", "o", &specific))
        read_access_point (context, specific, reading, cancellable);
    }
}

/**
 * dc_network_probe_run:
 * @context: the scan's context
 * @cancellable: (nullable): a #GCancellable
 *
 * Returns: (transfer full) (element-type DcFinding): the "network" finding
 */
GPtrArray *
dc_network_probe_run (DcProbeContext *context, GCancellable *cancellable)
{
  GPtrArray *findings = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto (DcNetworkReading) reading = { 0 };
  g_autoptr (GVariant) manager = NULL;
  g_autoptr (GError) error = NULL;

  manager
    = dc_probe_context_get_properties (context, NM_NAME, NM_PATH, NM_NAME, cancellable, &error);
  if (manager == NULL)
    {
      g_ptr_array_add (findings, dc_network_evaluate_unreachable (error));
      return findings;
    }
  dc_network_parse_manager (manager, &reading);
  read_active_connections (context, manager, &reading, cancellable);
  g_ptr_array_add (findings,
                   dc_network_evaluate (&reading, dc_probe_context_get_thresholds (context)));
  return findings;
}
