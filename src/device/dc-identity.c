/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "dc-device"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "dc-identity-private.h"
#include "dc-machine-private.h"
#include "dc-os-release-private.h"
#include "dc-serial-private.h"
#include "dc-sysfs-private.h"
#include "dc-sysroot.h"
#include "dc-uptime-private.h"

/**
 * DcIdentity:
 *
 * Who made the device, which model it is, its serial number and the
 * operating system it runs: what a support agent asks first. Read once,
 * under a root directory (DESIGN §2); a field nobody could read is %NULL,
 * meaning unknown. The IMEIs come from ModemManager, separately, with
 * dc_identity_read_imei_async() or a diagnosis.
 */
struct _DcIdentity
{
  GObject parent_instance;

  char *manufacturer;
  char *model;
  char *serial;
  DcSerialSource serial_source;
  char *serial_problem;
  char *os_name;
  char *os_version;
  char *os_id;
  char *os_pretty_name;
  char *kernel;
  gint64 uptime_s;
  char **imei;
};

G_DEFINE_FINAL_TYPE (DcIdentity, dc_identity, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (DcSerialSource, dc_serial_source,
                    G_DEFINE_ENUM_VALUE (DC_SERIAL_SOURCE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (DC_SERIAL_SOURCE_DEVICE_TREE, "device-tree"),
                    G_DEFINE_ENUM_VALUE (DC_SERIAL_SOURCE_SOC0, "soc0"),
                    G_DEFINE_ENUM_VALUE (DC_SERIAL_SOURCE_CMDLINE, "cmdline"),
                    G_DEFINE_ENUM_VALUE (DC_SERIAL_SOURCE_DMI, "dmi"),
                    G_DEFINE_ENUM_VALUE (DC_SERIAL_SOURCE_HOSTNAMED, "hostnamed"))

enum
{
  PROP_0,
  PROP_MANUFACTURER,
  PROP_MODEL,
  PROP_SERIAL,
  PROP_SERIAL_SOURCE,
  PROP_SERIAL_PROBLEM,
  PROP_OS_NAME,
  PROP_OS_VERSION,
  PROP_OS_ID,
  PROP_OS_PRETTY_NAME,
  PROP_KERNEL,
  PROP_UPTIME,
  PROP_IMEI,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * dc_serial_source_to_string:
 * @source: a #DcSerialSource
 *
 * The name of @source as the report writes it: "device-tree", "soc0",
 * "cmdline", "dmi", "hostnamed", or "none".
 *
 * Returns: a static string
 */
const char *
dc_serial_source_to_string (DcSerialSource source)
{
  switch (source)
    {
      case DC_SERIAL_SOURCE_DEVICE_TREE:
        return "device-tree";
      case DC_SERIAL_SOURCE_SOC0:
        return "soc0";
      case DC_SERIAL_SOURCE_CMDLINE:
        return "cmdline";
      case DC_SERIAL_SOURCE_DMI:
        return "dmi";
      case DC_SERIAL_SOURCE_HOSTNAMED:
        return "hostnamed";
      case DC_SERIAL_SOURCE_NONE:
      default:
        return "none";
    }
}

static void
dc_identity_finalize (GObject *object)
{
  DcIdentity *self = DC_IDENTITY (object);

  g_free (self->manufacturer);
  g_free (self->model);
  g_free (self->serial);
  g_free (self->serial_problem);
  g_free (self->os_name);
  g_free (self->os_version);
  g_free (self->os_id);
  g_free (self->os_pretty_name);
  g_free (self->kernel);
  g_strfreev (self->imei);

  G_OBJECT_CLASS (dc_identity_parent_class)->finalize (object);
}

static void
dc_identity_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DcIdentity *self = DC_IDENTITY (object);

  switch (prop_id)
    {
      case PROP_MANUFACTURER:
        g_value_set_string (value, self->manufacturer);
        break;
      case PROP_MODEL:
        g_value_set_string (value, self->model);
        break;
      case PROP_SERIAL:
        g_value_set_string (value, self->serial);
        break;
      case PROP_SERIAL_SOURCE:
        g_value_set_enum (value, self->serial_source);
        break;
      case PROP_SERIAL_PROBLEM:
        g_value_set_string (value, self->serial_problem);
        break;
      case PROP_OS_NAME:
        g_value_set_string (value, self->os_name);
        break;
      case PROP_OS_VERSION:
        g_value_set_string (value, self->os_version);
        break;
      case PROP_OS_ID:
        g_value_set_string (value, self->os_id);
        break;
      case PROP_OS_PRETTY_NAME:
        g_value_set_string (value, self->os_pretty_name);
        break;
      case PROP_KERNEL:
        g_value_set_string (value, self->kernel);
        break;
      case PROP_UPTIME:
        g_value_set_int64 (value, self->uptime_s);
        break;
      case PROP_IMEI:
        g_value_set_boxed (value, self->imei);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_property (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
dc_identity_class_init (DcIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dc_identity_finalize;
  object_class->get_property = dc_identity_get_property;

  /* Read-only: an identity is read once and never changes, the UI binds. */
  properties[PROP_MANUFACTURER] = string_property ("manufacturer");
  properties[PROP_MODEL] = string_property ("model");
  properties[PROP_SERIAL] = string_property ("serial");
  properties[PROP_SERIAL_SOURCE]
    = g_param_spec_enum ("serial-source", NULL, NULL, DC_TYPE_SERIAL_SOURCE, DC_SERIAL_SOURCE_NONE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERIAL_PROBLEM] = string_property ("serial-problem");
  properties[PROP_OS_NAME] = string_property ("os-name");
  properties[PROP_OS_VERSION] = string_property ("os-version");
  properties[PROP_OS_ID] = string_property ("os-id");
  properties[PROP_OS_PRETTY_NAME] = string_property ("os-pretty-name");
  properties[PROP_KERNEL] = string_property ("kernel");
  properties[PROP_UPTIME] = g_param_spec_int64 ("uptime", NULL, NULL, -1, G_MAXINT64, -1,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Set once ModemManager answered, so the UI binds and waits. */
  properties[PROP_IMEI]
    = g_param_spec_boxed ("imei", NULL, NULL, G_TYPE_STRV,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dc_identity_init (DcIdentity *self)
{
  self->uptime_s = -1;
}

static char *
os_field (GHashTable *fields, const char *key)
{
  const char *value = g_hash_table_lookup (fields, key);

  if (value == NULL || *value == '\0')
    return NULL;
  return g_strdup (value);
}

static void
read_os (DcIdentity *self, const char *root)
{
  g_autoptr (GHashTable) fields = dc_os_release_load (root);

  if (fields == NULL)
    return;

  self->os_name = os_field (fields, "NAME");
  self->os_id = os_field (fields, "ID");
  /* VERSION is optional; Alpine and postmarketOS only set VERSION_ID. */
  self->os_version = os_field (fields, "VERSION");
  if (self->os_version == NULL)
    self->os_version = os_field (fields, "VERSION_ID");
  self->os_pretty_name = os_field (fields, "PRETTY_NAME");
  if (self->os_pretty_name == NULL && self->os_name != NULL)
    self->os_pretty_name = self->os_version != NULL
                             ? g_strdup_printf ("%s %s", self->os_name, self->os_version)
                             : g_strdup (self->os_name);
}

static void
read_kernel (DcIdentity *self, const char *root)
{
  g_autoptr (GBytes) uptime = dc_sysroot_read (root, "/proc/uptime", 256, NULL);

  self->kernel = dc_sysfs_read_text (root, "/proc/sys/kernel/osrelease");
  if (uptime != NULL)
    self->uptime_s = dc_uptime_parse (uptime);
}

/* A root that is not there is a mistake in DEVICE_CARE_ROOT, not a device
 * without an identity: say so rather than report everything unknown. */
static gboolean
check_root (const char *root, GError **error)
{
  if (g_file_test (root, G_FILE_TEST_IS_DIR))
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               /* Translators: %s is a directory; DEVICE_CARE_ROOT is an
                * environment variable, do not translate it. */
               _ ("The system root “%s” is not a directory. Set DEVICE_CARE_ROOT to a "
                  "captured device tree, or unset it to read this device."),
               root);
  return FALSE;
}

/**
 * dc_identity_read:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads the device's identity under @root. Blocks on file I/O: from the main
 * thread use dc_identity_read_async().
 *
 * Returns: (transfer full): the identity, or %NULL when @root is not a
 *   directory or the read was cancelled
 */
DcIdentity *
dc_identity_read (const char *root, GCancellable *cancellable, GError **error)
{
  g_autoptr (DcIdentity) self = NULL;

  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (root == NULL)
    root = dc_sysroot_default ();
  if (!check_root (root, error))
    return NULL;

  self = g_object_new (DC_TYPE_IDENTITY, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  dc_machine_read (root, &self->manufacturer, &self->model);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  self->serial = dc_serial_read (root, &self->serial_source, &self->serial_problem);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  read_os (self, root);
  read_kernel (self, root);

  return g_steal_pointer (&self);
}

static void
read_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  const char *root = task_data;
  g_autoptr (GError) error = NULL;
  DcIdentity *identity = dc_identity_read (root, cancellable, &error);

  if (identity == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, identity, g_object_unref);
}

/**
 * dc_identity_read_async:
 * @root: (nullable): the root directory, or %NULL for dc_sysroot_default()
 * @cancellable: (nullable): a #GCancellable, cancelled when the window closes
 * @callback: called in the thread-default main context when done
 * @user_data: data for @callback
 *
 * Reads the device's identity in a worker thread, so the main loop never
 * waits on slow sysfs reads. Finish with dc_identity_read_finish().
 */
void
dc_identity_read_async (const char *root, GCancellable *cancellable, GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dc_identity_read_async);
  /* The root is resolved now, in the caller's thread, so the environment is
   * not read from the worker while the caller might change it. */
  g_task_set_task_data (task, g_strdup (root != NULL ? root : dc_sysroot_default ()), g_free);
  g_task_run_in_thread (task, read_thread);
}

/**
 * dc_identity_read_finish:
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError, %G_IO_ERROR_CANCELLED when cancelled
 *
 * Finishes dc_identity_read_async().
 *
 * Returns: (transfer full): the identity, or %NULL with @error set
 */
DcIdentity *
dc_identity_read_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dc_identity_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * dc_identity_get_manufacturer:
 * @self: a #DcIdentity
 *
 * Returns: (nullable): who made the device, such as "PINE64", or %NULL
 */
const char *
dc_identity_get_manufacturer (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->manufacturer;
}

/**
 * dc_identity_get_model:
 * @self: a #DcIdentity
 *
 * Returns: (nullable): the model, such as "Pine64 PinePhone (1.2)", or %NULL
 */
const char *
dc_identity_get_model (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->model;
}

/**
 * dc_identity_get_serial:
 * @self: a #DcIdentity
 *
 * The serial number. Show it hidden until the customer asks, and never log
 * it.
 *
 * Returns: (nullable): the serial number, or %NULL; then
 *   dc_identity_get_serial_problem() says why
 */
const char *
dc_identity_get_serial (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->serial;
}

/**
 * dc_identity_get_serial_source:
 * @self: a #DcIdentity
 *
 * Returns: where the serial number was read, %DC_SERIAL_SOURCE_NONE if not
 */
DcSerialSource
dc_identity_get_serial_source (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), DC_SERIAL_SOURCE_NONE);
  return self->serial_source;
}

/**
 * dc_identity_get_serial_problem:
 * @self: a #DcIdentity
 *
 * Why there is no serial number, as a translated sentence for the customer
 * ("This device does not publish a serial number.").
 *
 * Returns: (nullable): the reason, or %NULL when the serial number is known
 */
const char *
dc_identity_get_serial_problem (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->serial_problem;
}

/**
 * dc_identity_get_os_name:
 * @self: a #DcIdentity
 *
 * Returns: (nullable): os-release's NAME, such as "PureOS", or %NULL
 */
const char *
dc_identity_get_os_name (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->os_name;
}

/**
 * dc_identity_get_os_version:
 * @self: a #DcIdentity
 *
 * Returns: (nullable): os-release's VERSION, else VERSION_ID, or %NULL
 */
const char *
dc_identity_get_os_version (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->os_version;
}

/**
 * dc_identity_get_os_id:
 * @self: a #DcIdentity
 *
 * Returns: (nullable): os-release's ID, such as "postmarketos", or %NULL
 */
const char *
dc_identity_get_os_id (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->os_id;
}

/**
 * dc_identity_get_os_pretty_name:
 * @self: a #DcIdentity
 *
 * Returns: (nullable): os-release's PRETTY_NAME, else NAME and version, or
 *   %NULL
 */
const char *
dc_identity_get_os_pretty_name (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->os_pretty_name;
}

/**
 * dc_identity_get_kernel:
 * @self: a #DcIdentity
 *
 * Returns: (nullable): the kernel's release, such as "6.1.0-13-arm64", or
 *   %NULL
 */
const char *
dc_identity_get_kernel (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return self->kernel;
}

/**
 * dc_identity_get_uptime:
 * @self: a #DcIdentity
 *
 * Returns: the seconds since the device started when it was read, or -1
 */
gint64
dc_identity_get_uptime (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), -1);
  return self->uptime_s;
}

/**
 * dc_identity_get_imei:
 * @self: a #DcIdentity
 *
 * The IMEIs of the device's modems. Show them hidden until the customer
 * asks, and never log them.
 *
 * Returns: (nullable) (array zero-terminated=1): the IMEIs, empty when
 *   ModemManager knows no modem, %NULL when it was not or could not be asked
 */
const char *const *
dc_identity_get_imei (DcIdentity *self)
{
  g_return_val_if_fail (DC_IS_IDENTITY (self), NULL);
  return (const char *const *)self->imei;
}

/**
 * dc_identity_set_imei:
 * @self: a #DcIdentity
 * @imei: (nullable) (array zero-terminated=1): what ModemManager said
 *
 * Sets the IMEIs, from the main thread once ModemManager answered.
 */
void
dc_identity_set_imei (DcIdentity *self, const char *const *imei)
{
  g_return_if_fail (DC_IS_IDENTITY (self));

  g_strfreev (self->imei);
  self->imei = g_strdupv ((char **)imei);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMEI]);
}

/**
 * dc_identity_set_serial:
 * @self: a #DcIdentity
 * @serial: the serial number
 * @source: where it was read
 *
 * Sets the serial number read after the identity was, from the main thread:
 * the one hostnamed gives when the customer asks for it.
 */
void
dc_identity_set_serial (DcIdentity *self, const char *serial, DcSerialSource source)
{
  g_return_if_fail (DC_IS_IDENTITY (self));
  g_return_if_fail (serial != NULL && *serial != '\0');

  g_free (self->serial);
  self->serial = g_strdup (serial);
  self->serial_source = source;
  g_clear_pointer (&self->serial_problem, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIAL_SOURCE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERIAL_PROBLEM]);
}
