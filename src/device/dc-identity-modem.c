/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include "dc-identity-private.h"
#include "dc-modem-probe-private.h"
#include "dc-probe-context-private.h"

/* The identity's IMEIs, from ModemManager: the one part of the identity that needs a service,
 * so it is asked apart from the files, and bounded like every D-Bus call of a diagnosis. */

static void
read_imei_thread (GTask *task, gpointer source_object, gpointer task_data,
                  GCancellable *cancellable)
{
  g_autoptr (DcProbeContext) context = dc_probe_context_new (NULL);
  g_autoptr (GVariant) objects = NULL;
  g_autoptr (GError) error = NULL;

  objects = dc_modem_get_objects (context, cancellable, &error);
  dc_probe_context_close (context);
  if (objects == NULL)
    {
      g_autofree char *reason = dc_probe_context_explain ("ModemManager", error);
      g_task_return_new_error (task, error->domain, error->code, "%s", reason);
      return;
    }
  g_task_return_pointer (task, dc_modem_parse_imei (objects), (GDestroyNotify)g_strfreev);
}

/**
 * dc_identity_read_imei_async:
 * @self: a #DcIdentity
 * @cancellable: (nullable): a #GCancellable, cancelled when the window closes
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Asks ModemManager for the IMEIs of the device's modems, waiting 2 seconds
 * at most. Finish with dc_identity_read_imei_finish().
 */
void
dc_identity_read_imei_async (DcIdentity *self, GCancellable *cancellable,
                             GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (DC_IS_IDENTITY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_identity_read_imei_async);
  g_task_run_in_thread (task, read_imei_thread);
}

/**
 * dc_identity_read_imei_finish:
 * @self: a #DcIdentity
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError whose message says, for the
 *   customer, why ModemManager could not be asked
 *
 * Finishes dc_identity_read_imei_async(): on success the identity's "imei"
 * property holds the IMEIs (empty without a modem).
 *
 * Returns: %TRUE when ModemManager answered
 */
gboolean
dc_identity_read_imei_finish (DcIdentity *self, GAsyncResult *result, GError **error)
{
  g_auto (GStrv) imei = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dc_identity_read_imei_async,
                        FALSE);

  imei = g_task_propagate_pointer (G_TASK (result), error);
  if (imei == NULL)
    return FALSE;
  dc_identity_set_imei (self, (const char *const *)imei);
  return TRUE;
}
