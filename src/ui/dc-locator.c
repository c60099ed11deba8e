/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "dc-locator.h"

/**
 * DcLocator:
 *
 * Where the phone is, once, when the customer asks ("Near Me"), through the location portal:
 * the desktop asks the customer's permission, and the position stays on the phone. Where no
 * portal answers (a desktop without xdg-desktop-portal, the tests) it says so at once, and the
 * customer types a city instead. Positions are never logged.
 */
struct _DcLocator
{
  GObject parent_instance;

  XdpPortal *portal;
  GTask *pending; /* started, waiting for the first position */
  GCancellable *pending_cancellable;
  gulong cancelled_id;
};

G_DEFINE_FINAL_TYPE (DcLocator, dc_locator, G_TYPE_OBJECT)

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"

typedef struct
{
  double latitude;
  double longitude;
} Position;

static void
return_unavailable (GTask *task, const GError *cause)
{
  if (cause != NULL)
    g_debug ("No location portal: %s", cause->message);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                           _ ("Your location is not available on this device"));
}

/* Stops waiting; the caller owns the task that was pending. */
static GTask *
steal_pending (DcLocator *self)
{
  if (self->cancelled_id != 0)
    g_cancellable_disconnect (self->pending_cancellable, self->cancelled_id);
  self->cancelled_id = 0;
  g_clear_object (&self->pending_cancellable);
  return g_steal_pointer (&self->pending);
}

/* Runs inside g_cancellable_cancel(), where the handler cannot be disconnected. */
static void
pending_cancelled (GCancellable *cancellable, DcLocator *self)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->pending);

  self->cancelled_id = 0;
  g_clear_object (&self->pending_cancellable);
  if (self->portal != NULL)
    xdp_portal_location_monitor_stop (self->portal);
  if (task != NULL)
    g_task_return_error_if_cancelled (task);
}

static void
location_updated (DcLocator *self, double latitude, double longitude, double altitude,
                  double accuracy, double speed, double heading, const char *description,
                  gint64 seconds, gint64 milliseconds, XdpPortal *portal)
{
  g_autoptr (GTask) task = steal_pending (self);
  Position *position;

  /* One position is all the list needs: no tracking. */
  xdp_portal_location_monitor_stop (self->portal);
  if (task == NULL)
    return;
  position = g_new (Position, 1);
  position->latitude = latitude;
  position->longitude = longitude;
  g_task_return_pointer (task, position, g_free);
}

static void
monitor_started (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  DcLocator *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;

  if (!xdp_portal_location_monitor_start_finish (XDP_PORTAL (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        return_unavailable (task, error);
      return;
    }
  {
    g_autoptr (GTask) earlier = steal_pending (self);

    if (earlier != NULL)
      g_task_return_new_error (earlier, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Asked again");
  }
  self->pending = g_object_ref (task);
  if (g_task_get_cancellable (task) != NULL)
    {
      self->pending_cancellable = g_object_ref (g_task_get_cancellable (task));
      self->cancelled_id = g_cancellable_connect (self->pending_cancellable,
                                                  G_CALLBACK (pending_cancelled), self, NULL);
    }
}

static void
portal_pinged (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  DcLocator *self = g_task_get_source_object (task);
  GtkWindow *parent = g_task_get_task_data (task);
  g_autoptr (GVariant) reply = NULL;
  g_autoptr (XdpParent) xdp_parent = NULL;
  g_autoptr (GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      return_unavailable (task, error);
      return;
    }
  /* Only now: XdpPortal needs a session bus, and there is one. */
  if (self->portal == NULL)
    {
      self->portal = xdp_portal_new ();
      g_signal_connect_swapped (self->portal, "location-updated", G_CALLBACK (location_updated),
                                self);
    }
  if (parent != NULL)
    xdp_parent = xdp_parent_new_gtk (parent);
  xdp_portal_location_monitor_stop (self->portal);
  xdp_portal_location_monitor_start (self->portal, xdp_parent, 0, 0,
                                     XDP_LOCATION_ACCURACY_NEIGHBORHOOD,
                                     XDP_LOCATION_MONITOR_FLAG_NONE, g_task_get_cancellable (task),
                                     monitor_started, g_object_ref (task));
}

static void
bus_got (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      return_unavailable (task, error);
      return;
    }
  /* Starts the portal if it can be started, and fails at once if there is none. */
  g_dbus_connection_call (bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, "org.freedesktop.DBus.Peer",
                          "Ping", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), portal_pinged, g_object_ref (task));
}

/**
 * dc_locator_locate_async:
 * @self: a locator
 * @parent: (nullable): the window the portal's permission dialog belongs to
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the position, or why there is none
 * @user_data: for @callback
 *
 * Asks the location portal for the phone's position, neighbourhood-accurate, once.
 */
void
dc_locator_locate_async (DcLocator *self, GtkWindow *parent, GCancellable *cancellable,
                         GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (DC_IS_LOCATOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_locator_locate_async);
  if (parent != NULL)
    g_task_set_task_data (task, g_object_ref (parent), g_object_unref);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, bus_got, g_steal_pointer (&task));
}

/**
 * dc_locator_locate_finish:
 * @self: a locator
 * @result: the result given to the callback
 * @latitude: (out): degrees, north positive
 * @longitude: (out): degrees, east positive
 * @error: %G_IO_ERROR_NOT_SUPPORTED when no location is available here
 *
 * Returns: whether there is a position
 */
gboolean
dc_locator_locate_finish (DcLocator *self, GAsyncResult *result, double *latitude,
                          double *longitude, GError **error)
{
  g_autofree Position *position = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  position = g_task_propagate_pointer (G_TASK (result), error);
  if (position == NULL)
    return FALSE;
  *latitude = position->latitude;
  *longitude = position->longitude;
  return TRUE;
}

static void
dc_locator_dispose (GObject *object)
{
  DcLocator *self = DC_LOCATOR (object);

  {
    g_autoptr (GTask) task = steal_pending (self);

    if (task != NULL)
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The locator went away");
  }
  if (self->portal != NULL)
    {
      xdp_portal_location_monitor_stop (self->portal);
      g_signal_handlers_disconnect_by_data (self->portal, self);
      g_clear_object (&self->portal);
    }

  G_OBJECT_CLASS (dc_locator_parent_class)->dispose (object);
}

static void
dc_locator_class_init (DcLocatorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dc_locator_dispose;
}

static void
dc_locator_init (DcLocator *self)
{
}

/**
 * dc_locator_new:
 *
 * Returns: (transfer full): a locator; nothing is asked until dc_locator_locate_async()
 */
DcLocator *
dc_locator_new (void)
{
  return g_object_new (DC_TYPE_LOCATOR, NULL);
}
