/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-identity-private.h"
#include "dc-probe-context-private.h"

/* The serial number through systemd-hostnamed, which reads the firmware's (DMI) serial as root
 * and asks polkit whether the person may see it. Only on the customer's request: polkit may ask
 * for a password, so the call waits as long as a person needs to answer, not the probes' 2 s. */

#define HOSTNAMED_TIMEOUT_MSEC (120 * 1000)

static char *
explain (const GError *error)
{
  g_autofree char *remote = g_dbus_error_get_remote_error (error);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_AUTH_FAILED)
      || g_str_has_suffix (remote != NULL ? remote : "", "InteractiveAuthorizationRequired"))
    return g_strdup (_ ("The system did not allow reading the serial number from the "
                        "firmware."));
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    return g_strdup (_ ("This system is too old to read the serial number from the firmware "
                        "(systemd 251 or newer is needed)."));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY))
    return g_strdup (_ ("The system did not answer in time."));
  return dc_probe_context_explain ("systemd-hostnamed", error);
}

static void
read_serial_thread (GTask *task, gpointer source_object, gpointer task_data,
                    GCancellable *cancellable)
{
  g_autoptr (DcProbeContext) context = dc_probe_context_new (NULL);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (GError) error = NULL;
  GDBusConnection *bus;
  const char *serial = NULL;

  bus = dc_probe_context_get_bus (context, cancellable, &error);
  if (bus != NULL)
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.hostname1",
                                         "/org/freedesktop/hostname1", "org.freedesktop.hostname1",
                                         "GetHardwareSerial", NULL, G_VARIANT_TYPE ("(s)"),
                                         G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION,
                                         HOSTNAMED_TIMEOUT_MSEC, cancellable, &error);
  dc_probe_context_close (context);
  if (reply == NULL)
    {
      g_autofree char *reason = explain (error);
      g_debug ("hostnamed: %s", error->message);
      g_task_return_new_error (task, error->domain, error->code, "%s", reason);
      return;
    }
  g_variant_get (reply, "(&s)", &serial);
  serial = g_strstrip ((char *)serial);
  if (*serial == '\0')
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _ ("The firmware holds no serial number."));
      return;
    }
  g_task_return_pointer (task, g_strdup (serial), g_free);
}

/**
 * dc_identity_read_hardware_serial_async:
 * @self: a #DcIdentity
 * @cancellable: (nullable): a #GCancellable, cancelled when the window closes
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Asks systemd-hostnamed for the firmware's serial number, for when the
 * files hold none that a user may read. The system may ask the person for
 * a password first, so call it only when the customer asked.
 */
void
dc_identity_read_hardware_serial_async (DcIdentity *self, GCancellable *cancellable,
                                        GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (DC_IS_IDENTITY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_identity_read_hardware_serial_async);
  g_task_run_in_thread (task, read_serial_thread);
}

/**
 * dc_identity_read_hardware_serial_finish:
 * @self: a #DcIdentity
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError whose message says, for the
 *   customer, why the serial number could not be read
 *
 * Finishes dc_identity_read_hardware_serial_async(): on success the
 * identity's "serial" is the firmware's, its source "hostnamed".
 *
 * Returns: %TRUE when the serial number was read
 */
gboolean
dc_identity_read_hardware_serial_finish (DcIdentity *self, GAsyncResult *result, GError **error)
{
  g_autofree char *serial = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (
    g_task_get_source_tag (G_TASK (result)) == dc_identity_read_hardware_serial_async, FALSE);

  serial = g_task_propagate_pointer (G_TASK (result), error);
  if (serial == NULL)
    return FALSE;
  dc_identity_set_serial (self, serial, DC_SERIAL_SOURCE_HOSTNAMED);
  return TRUE;
}
