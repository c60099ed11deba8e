/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-probe-context-private.h"
#include "dc-sysroot.h"

/**
 * DcProbeContext:
 *
 * What the probes of one scan share, from several threads: the root every
 * file is read under, the thresholds, one connection to the system bus made
 * by whichever probe needs it first, and the IMEIs the modem probe found
 * for the identity.
 */
struct _DcProbeContext
{
  char *root;
  const DcThresholds *thresholds;

  GMutex lock;
  gboolean bus_tried;
  GDBusConnection *bus;
  GError *bus_error;
  char **imei;
};

/**
 * dc_probe_context_new:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 *
 * Returns: (transfer full): a new context
 */
DcProbeContext *
dc_probe_context_new (const char *root)
{
  DcProbeContext *self = g_atomic_rc_box_new0 (DcProbeContext);

  self->root = g_strdup (root != NULL ? root : dc_sysroot_default ());
  self->thresholds = dc_thresholds_get_default ();
  g_mutex_init (&self->lock);
  return self;
}

DcProbeContext *
dc_probe_context_ref (DcProbeContext *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
context_clear (gpointer data)
{
  DcProbeContext *self = data;

  dc_probe_context_close (self);
  g_free (self->root);
  g_clear_error (&self->bus_error);
  g_strfreev (self->imei);
  g_mutex_clear (&self->lock);
}

void
dc_probe_context_unref (DcProbeContext *self)
{
  g_atomic_rc_box_release_full (self, context_clear);
}

const char *
dc_probe_context_get_root (DcProbeContext *self)
{
  return self->root;
}

const DcThresholds *
dc_probe_context_get_thresholds (DcProbeContext *self)
{
  return self->thresholds;
}

/* Cancels a connection attempt that takes longer than DC_PROBE_DBUS_TIMEOUT_MSEC. */
typedef struct
{
  GMutex lock;
  GCond cond;
  gboolean done;
  GCancellable *cancellable;
} Watchdog;

static gpointer
watchdog_thread (gpointer data)
{
  Watchdog *watchdog = data;
  gint64 end = g_get_monotonic_time () + DC_PROBE_DBUS_TIMEOUT_MSEC * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&watchdog->lock);
  while (!watchdog->done)
    {
      if (!g_cond_wait_until (&watchdog->cond, &watchdog->lock, end))
        break;
    }
  if (!watchdog->done)
    {
      g_debug ("The system bus did not let us in within %d ms", DC_PROBE_DBUS_TIMEOUT_MSEC);
      g_cancellable_cancel (watchdog->cancellable);
    }
  g_mutex_unlock (&watchdog->lock);
  return NULL;
}

static void
parent_cancelled_cb (GCancellable *parent, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* Connects within DC_PROBE_DBUS_TIMEOUT_MSEC: a bus daemon that accepts the socket and then never
 * answers (stopped, overloaded) must not hang the diagnosis either. */
static GDBusConnection *
connect_bounded (const char *address, GCancellable *cancellable, GError **error)
{
  g_autoptr (GCancellable) bounded = g_cancellable_new ();
  Watchdog watchdog = { .done = FALSE, .cancellable = bounded };
  GDBusConnection *bus;
  gulong handler = 0;
  GThread *thread;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (parent_cancelled_cb),
                                     g_object_ref (bounded), g_object_unref);
  g_mutex_init (&watchdog.lock);
  g_cond_init (&watchdog.cond);
  thread = g_thread_new ("dc-bus-watchdog", watchdog_thread, &watchdog);

  bus = g_dbus_connection_new_for_address_sync (address,
                                                G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                  | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                NULL, bounded, error);

  g_mutex_lock (&watchdog.lock);
  watchdog.done = TRUE;
  g_cond_signal (&watchdog.cond);
  g_mutex_unlock (&watchdog.lock);
  g_thread_join (thread);
  g_mutex_clear (&watchdog.lock);
  g_cond_clear (&watchdog.cond);
  g_cancellable_disconnect (cancellable, handler);
  return bus;
}

/* A connection of our own, not g_bus_get()'s shared one: that one exits the
 * process when the bus goes away and outlives DBUS_SYSTEM_BUS_ADDRESS
 * changes, neither of which a diagnosis should do. */
static GDBusConnection *
connect_system_bus (GCancellable *cancellable, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *address = NULL;
  GDBusConnection *bus = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SYSTEM, cancellable, &local_error);
  if (address != NULL)
    bus = connect_bounded (address, cancellable, &local_error);
  if (bus != NULL)
    return bus;

  g_debug ("No system bus: %s", local_error->message);
  if (g_cancellable_is_cancelled (cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, local_error->message);
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                         _ ("The system message bus is not available."));
  return NULL;
}

/**
 * dc_probe_context_get_bus:
 * @self: a #DcProbeContext
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError, %G_IO_ERROR_NOT_CONNECTED when
 *   there is no system bus
 *
 * The connection to the system bus, made on first use. Blocks: call from a
 * probe's thread.
 *
 * Returns: (transfer full) (nullable): the connection
 */
GDBusConnection *
dc_probe_context_get_bus (DcProbeContext *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (!self->bus_tried)
    {
      self->bus = connect_system_bus (cancellable, &self->bus_error);
      self->bus_tried = TRUE;
    }
  if (self->bus == NULL)
    {
      g_propagate_error (error, g_error_copy (self->bus_error));
      return NULL;
    }
  return g_object_ref (self->bus);
}

/**
 * dc_probe_context_call:
 * @self: a #DcProbeContext
 * @name: the service's bus name
 * @path: the object path
 * @interface: the interface
 * @method: the method
 * @parameters: (nullable): the parameters, floating references are sunk
 * @reply_type: (nullable): the reply's type, such as "(ao)"
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Calls a method on the system bus and waits
 * %DC_PROBE_DBUS_TIMEOUT_MSEC at most. A service that is not running is
 * not started: a diagnosis reports on the device as it is.
 *
 * Returns: (transfer full) (nullable): the reply
 */
GVariant *
dc_probe_context_call (DcProbeContext *self, const char *name, const char *path,
                       const char *interface, const char *method, GVariant *parameters,
                       const char *reply_type, GCancellable *cancellable, GError **error)
{
  g_autoptr (GDBusConnection) bus = dc_probe_context_get_bus (self, cancellable, error);

  if (bus == NULL)
    {
      if (parameters != NULL)
        g_variant_unref (g_variant_ref_sink (parameters));
      return NULL;
    }
  return g_dbus_connection_call_sync (bus, name, path, interface, method, parameters,
                                      reply_type != NULL ? G_VARIANT_TYPE (reply_type) : NULL,
                                      G_DBUS_CALL_FLAGS_NO_AUTO_START, DC_PROBE_DBUS_TIMEOUT_MSEC,
                                      cancellable, error);
}

/**
 * dc_probe_context_get_properties:
 * @self: a #DcProbeContext
 * @name: the service's bus name
 * @path: the object path
 * @interface: the interface whose properties are wanted
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * All properties of @interface, in one bounded call.
 *
 * Returns: (transfer full) (nullable): an `a{sv}` dictionary
 */
GVariant *
dc_probe_context_get_properties (DcProbeContext *self, const char *name, const char *path,
                                 const char *interface, GCancellable *cancellable, GError **error)
{
  g_autoptr (GVariant) reply = NULL;

  reply = dc_probe_context_call (self, name, path, "org.freedesktop.DBus.Properties", "GetAll",
                                 g_variant_new ("(s)", interface), "(a{sv})", cancellable, error);
  if (reply == NULL)
    return NULL;
  return g_variant_get_child_value (reply, 0);
}

/**
 * dc_probe_context_set_imei:
 * @self: a #DcProbeContext
 * @imei: (nullable) (array zero-terminated=1): the IMEIs ModemManager
 *   reported, empty when it has no modem, %NULL when it could not be asked
 *
 * Keeps the IMEIs for the identity. Never logged.
 */
void
dc_probe_context_set_imei (DcProbeContext *self, const char *const *imei)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  g_strfreev (self->imei);
  self->imei = g_strdupv ((char **)imei);
}

/**
 * dc_probe_context_dup_imei:
 * @self: a #DcProbeContext
 *
 * Returns: (transfer full) (nullable): the IMEIs, or %NULL when unknown
 */
char **
dc_probe_context_dup_imei (DcProbeContext *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return g_strdupv (self->imei);
}

/**
 * dc_probe_context_close:
 * @self: a #DcProbeContext
 *
 * Closes the connection to the system bus once the probes are done.
 */
void
dc_probe_context_close (DcProbeContext *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (self->bus != NULL)
    g_dbus_connection_close (self->bus, NULL, NULL, NULL);
  g_clear_object (&self->bus);
}

/**
 * dc_probe_context_explain:
 * @service: the service's name for people, such as "UPower"
 * @error: why it could not be asked
 *
 * Why a service did not answer, in a sentence for the customer.
 *
 * Returns: (transfer full): the sentence
 */
char *
dc_probe_context_explain (const char *service, const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED))
    /* Translators: %s is a system service, such as "UPower" or "ModemManager". */
    return g_strdup_printf (_ ("The system message bus is not available, so %s could not be "
                               "asked."),
                            service);
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    /* Translators: %s is a system service, such as "UPower" or "ModemManager". */
    return g_strdup_printf (_ ("%s is not running on this device."), service);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT)
      || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY))
    /* Translators: %s is a system service, such as "UPower" or "ModemManager". */
    return g_strdup_printf (_ ("%s did not answer within 2 seconds."), service);
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED))
    /* Translators: %s is a system service, such as "UPower" or "ModemManager". */
    return g_strdup_printf (_ ("%s refused to answer Device Care."), service);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_ ("The diagnosis was stopped."));
  /* Translators: %s is a system service, such as "UPower"; the second %s is its error message. */
  return g_strdup_printf (_ ("%s could not answer: %s"), service, error->message);
}

/**
 * dc_probe_lookup:
 * @properties: (nullable): an `a{sv}` dictionary of D-Bus properties
 * @key: the property
 * @type: the type it must have, such as "u", "(ub)" or "s" (copied)
 * @...: where to unpack it, as for g_variant_get()
 *
 * A property of the expected type. A service that sends another type (an
 * older version, a mock) gives "not known", never a crash.
 *
 * Returns: %TRUE when @key is there with @type
 */
gboolean
dc_probe_lookup (GVariant *properties, const char *key, const char *type, ...)
{
  g_autoptr (GVariant) found = NULL;
  va_list args;

  if (properties == NULL)
    return FALSE;
  found = g_variant_lookup_value (properties, key, G_VARIANT_TYPE (type));
  if (found == NULL)
    return FALSE;
  va_start (args, type);
  g_variant_get_va (found, type, NULL, &args);
  va_end (args);
  return TRUE;
}
