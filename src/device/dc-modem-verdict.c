/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-modem-probe-private.h"

/* What the modem reading means for the customer: the verdict half of the modem probe. The numbers
 * are ModemManager's enums (ModemManager-enums.h). */

enum
{
  STATE_FAILED = -1,
  STATE_LOCKED = 2,
  STATE_DISABLED = 3,
  STATE_DISABLING = 4,
  STATE_REGISTERED = 8,
};

enum
{
  FAILED_SIM_MISSING = 2,
  FAILED_SIM_ERROR = 3,
};

enum
{
  LOCK_SIM_PIN = 2,
  LOCK_SIM_PUK = 4,
};

static const char *
state_id (gint32 state)
{
  static const char *const ids[]
    = { "unknown", "initializing", "locked",     "disabled",      "disabling",  "enabling",
        "enabled", "searching",    "registered", "disconnecting", "connecting", "connected" };

  if (state == STATE_FAILED)
    return "failed";
  if (state <= 0 || state >= (gint32)G_N_ELEMENTS (ids))
    return NULL;
  return ids[state];
}

static const char *
sim_id (const DcModemReading *reading)
{
  if (!reading->found)
    return NULL;
  if (reading->state == STATE_FAILED && reading->failed_reason == FAILED_SIM_MISSING)
    return "missing";
  if (reading->state == STATE_FAILED && reading->failed_reason == FAILED_SIM_ERROR)
    return "error";
  if (reading->state == STATE_FAILED)
    return NULL; /* the modem, not the SIM */
  if (reading->state == STATE_LOCKED || reading->unlock_required == LOCK_SIM_PIN
      || reading->unlock_required == LOCK_SIM_PUK)
    return "locked";
  return reading->has_sim ? "ready" : "missing";
}

static void
sim_names (const char *id, const char **display)
{
  if (g_strcmp0 (id, "ready") == 0)
    *display = _ ("Ready");
  else if (g_strcmp0 (id, "missing") == 0)
    *display = _ ("Missing");
  else if (g_strcmp0 (id, "error") == 0)
    *display = _ ("Cannot be read");
  else if (g_strcmp0 (id, "locked") == 0)
    *display = _ ("Locked");
  else
    *display = NULL;
}

/* The newest generation among the technologies in use (MMModemAccessTechnology bits). */
static void
technology_names (guint32 bits, const char **id, const char **display)
{
  if (bits & (1u << 15))
    *id = "5gnr", *display = _ ("5G");
  else if (bits & ((1u << 14) | (1u << 16) | (1u << 17)))
    *id = "lte", *display = _ ("4G (LTE)");
  else if (bits & (0x1fu << 5))
    *id = "umts", *display = _ ("3G");
  else if (bits & (0xfu << 10))
    *id = "cdma", *display = _ ("CDMA");
  else if (bits & (0xfu << 1))
    *id = "gsm", *display = _ ("2G");
  else
    *id = NULL, *display = NULL;
}

static void
add_values (DcFinding *finding, const DcModemReading *reading)
{
  const char *id, *display;

  dc_finding_add_string (finding, "state", _ ("State"), reading ? state_id (reading->state) : NULL,
                         NULL);
  id = reading ? sim_id (reading) : NULL;
  sim_names (id, &display);
  dc_finding_add_string (finding, "sim", _ ("SIM Card"), id, display);
  if (reading != NULL && reading->signal_percent >= 0)
    dc_finding_add_integer (finding, "signal_percent", _ ("Signal"), reading->signal_percent,
                            DC_FINDING_UNIT_PERCENT);
  else
    dc_finding_add_unknown (finding, "signal_percent", _ ("Signal"));
  technology_names (reading ? reading->access_technologies : 0, &id, &display);
  dc_finding_add_string (finding, "access_technology", _ ("Network Type"), id, display);
  dc_finding_add_string (finding, "operator", _ ("Operator"),
                         reading ? reading->operator_name : NULL, NULL);
}

static void
set_registered_verdict (DcFinding *finding, const DcModemReading *reading,
                        const DcThresholds *thresholds)
{
  g_autofree char *summary = NULL;

  if (reading->signal_percent >= 0
      && reading->signal_percent < thresholds->modem_signal_warning_percent)
    {
      /* Translators: %d is the signal quality in percent; "%%" is a percent sign. */
      summary
        = g_strdup_printf (_ ("The mobile signal is weak (%d %%)."), (int)reading->signal_percent);
      dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, summary,
                              _ ("Move to a window or outdoors, where the signal is better."));
      return;
    }
  if (reading->operator_name != NULL)
    /* Translators: %s is a mobile operator, such as "Vodafone". */
    summary = g_strdup_printf (_ ("Registered on %s."), reading->operator_name);
  else
    summary = g_strdup (_ ("Registered on a mobile network."));
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_OK, summary, NULL);
}

/**
 * dc_modem_evaluate:
 * @reading: the first modem
 * @thresholds: the table to judge by
 *
 * The "modem" finding. A modem that failed for another reason than its SIM
 * is critical; a missing, unreadable or locked SIM, a modem turned off or
 * not registered, or a weak signal is a warning. Without a modem the
 * verdict is unknown.
 *
 * Returns: (transfer full): the finding
 */
DcFinding *
dc_modem_evaluate (const DcModemReading *reading, const DcThresholds *thresholds)
{
  DcFinding *finding = dc_finding_new ("modem", "modem", _ ("Mobile Network"));
  const char *sim = sim_id (reading);

  add_values (finding, reading);
  if (!reading->found)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN, _ ("No mobile modem was found."),
                            NULL);
  else if (reading->state == STATE_FAILED && g_strcmp0 (sim, "missing") != 0
           && g_strcmp0 (sim, "error") != 0)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_CRITICAL, _ ("The modem has failed."),
                            _ ("Restart the device. If the modem still fails, contact support."));
  else if (g_strcmp0 (sim, "missing") == 0)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, _ ("No SIM card was found."),
                            _ ("Insert a SIM card, or check that it sits firmly in its tray."));
  else if (g_strcmp0 (sim, "error") == 0)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, _ ("The SIM card cannot be read."),
                            _ ("Take the SIM card out and put it back in. If it still fails, "
                               "ask your mobile operator for a new one."));
  else if (g_strcmp0 (sim, "locked") == 0)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, _ ("The SIM card is locked."),
                            _ ("Unlock it with its PIN in the mobile network settings."));
  else if (reading->state == STATE_DISABLED || reading->state == STATE_DISABLING)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING, _ ("The modem is turned off."),
                            _ ("Turn off airplane mode, or turn on the mobile network in the "
                               "settings."));
  else if (reading->state < STATE_REGISTERED)
    dc_finding_set_verdict (finding, DC_FINDING_STATUS_WARNING,
                            _ ("The modem is not registered on a mobile network."),
                            _ ("Check that your plan is active and that you are where your "
                               "operator has coverage."));
  else
    set_registered_verdict (finding, reading, thresholds);
  return finding;
}

/**
 * dc_modem_evaluate_unreachable:
 * @error: why ModemManager could not be asked
 *
 * Returns: (transfer full): an unknown "modem" finding saying why
 */
DcFinding *
dc_modem_evaluate_unreachable (const GError *error)
{
  DcFinding *finding = dc_finding_new ("modem", "modem", _ ("Mobile Network"));
  g_autofree char *reason = dc_probe_context_explain ("ModemManager", error);

  add_values (finding, NULL);
  dc_finding_set_verdict (finding, DC_FINDING_STATUS_UNKNOWN, reason, NULL);
  return finding;
}
