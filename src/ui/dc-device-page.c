/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "device-care"

#include "config.h"

#include <glib/gi18n.h>

#include "dc-device-page.h"
#include "dc-diagnosis-view.h"
#include "dc-identity.h"
#include "dc-secret-row.h"
#include "dc-sysroot.h"

/**
 * DcDevicePage:
 *
 * What this phone is and how it is doing: the identity card (manufacturer,
 * model, serial number and IMEIs hidden until the customer reveals them,
 * system, kernel, uptime), read through the device engine when the page is
 * first shown, and below it the diagnosis.
 */
struct _DcDevicePage
{
  AdwBin parent_instance;

  GCancellable *cancellable;
  DcIdentity *identity;
  gboolean requested;

  AdwActionRow *manufacturer_row;
  AdwActionRow *model_row;
  DcSecretRow *serial_row;
  GtkButton *firmware_serial_button;
  DcSecretRow *imei_row;
  AdwActionRow *os_row;
  AdwActionRow *kernel_row;
  AdwActionRow *uptime_row;
};

G_DEFINE_FINAL_TYPE (DcDevicePage, dc_device_page, ADW_TYPE_BIN)

static void
set_value (AdwActionRow *row, const char *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : _ ("Unknown"));
}

/* "3 days, 4 hours", "2 hours, 5 minutes", "12 minutes": as precise as a person needs. */
static char *
format_uptime (gint64 seconds)
{
  gulong days = seconds / 86400, hours = (seconds % 86400) / 3600, minutes = (seconds % 3600) / 60;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  if (days == 0 && hours == 0)
    return g_strdup_printf (ngettext ("%lu minute", "%lu minutes", minutes), minutes);
  if (days > 0)
    {
      first = g_strdup_printf (ngettext ("%lu day", "%lu days", days), days);
      second = g_strdup_printf (ngettext ("%lu hour", "%lu hours", hours), hours);
    }
  else
    {
      first = g_strdup_printf (ngettext ("%lu hour", "%lu hours", hours), hours);
      second = g_strdup_printf (ngettext ("%lu minute", "%lu minutes", minutes), minutes);
    }
  /* Translators: a duration in two parts, such as "3 days, 4 hours". */
  return g_strdup_printf (_ ("%s, %s"), first, second);
}

/* Without a serial number in the files, the customer may ask hostnamed for the firmware's. */
static void
show_serial (DcDevicePage *self)
{
  const char *serial = dc_identity_get_serial (self->identity);

  dc_secret_row_set_problem (self->serial_row, dc_identity_get_serial_problem (self->identity));
  dc_secret_row_set_secret (self->serial_row, serial);
  gtk_widget_set_visible (GTK_WIDGET (self->firmware_serial_button), serial == NULL);
}

static void
hardware_serial_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcDevicePage) self = user_data;
  g_autoptr (GError) error = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.read-firmware-serial", TRUE);
  if (!dc_identity_read_hardware_serial_finish (DC_IDENTITY (source), result, &error))
    {
      dc_secret_row_set_problem (self->serial_row, error->message);
      return;
    }
  show_serial (self);
}

static void
read_firmware_serial (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  DcDevicePage *self = DC_DEVICE_PAGE (widget);

  if (self->identity == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "device.read-firmware-serial", FALSE);
  dc_identity_read_hardware_serial_async (self->identity, self->cancellable,
                                          hardware_serial_read_cb, g_object_ref (self));
}

static void
show_identity (DcDevicePage *self)
{
  DcIdentity *id = self->identity;
  const char *os = dc_identity_get_os_pretty_name (id);
  g_autofree char *os_text = NULL;
  g_autofree char *uptime = NULL;

  if (os == NULL && dc_identity_get_os_name (id) != NULL)
    os = os_text
      = g_strjoin (" ", dc_identity_get_os_name (id), dc_identity_get_os_version (id), NULL);
  if (dc_identity_get_uptime (id) >= 0)
    uptime = format_uptime (dc_identity_get_uptime (id));

  set_value (self->manufacturer_row, dc_identity_get_manufacturer (id));
  set_value (self->model_row, dc_identity_get_model (id));
  set_value (self->os_row, os);
  set_value (self->kernel_row, dc_identity_get_kernel (id));
  set_value (self->uptime_row, uptime);
  show_serial (self);
}

static void
imei_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcDevicePage) self = user_data;
  g_autoptr (GError) error = NULL;
  const char *const *imei;
  g_autofree char *text = NULL;

  if (!dc_identity_read_imei_finish (DC_IDENTITY (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        dc_secret_row_set_problem (self->imei_row, error->message);
      return;
    }
  imei = dc_identity_get_imei (DC_IDENTITY (source));
  if (imei == NULL || imei[0] == NULL)
    {
      dc_secret_row_set_problem (self->imei_row, _ ("No mobile modem was found."));
      return;
    }
  /* A dual-SIM phone has two: one a line. */
  text = g_strjoinv ("\n", (char **)imei);
  dc_secret_row_set_secret (self->imei_row, text);
}

static void
identity_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (DcDevicePage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (DcIdentity) identity = dc_identity_read_finish (result, &error);

  if (identity == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the device identity: %s", error->message);
      return;
    }
  g_set_object (&self->identity, identity);
  show_identity (self);
  dc_identity_read_imei_async (identity, self->cancellable, imei_read_cb, g_object_ref (self));
}

static void
dc_device_page_map (GtkWidget *widget)
{
  DcDevicePage *self = DC_DEVICE_PAGE (widget);

  GTK_WIDGET_CLASS (dc_device_page_parent_class)->map (widget);

  /* On demand: a page the customer never opens costs no I/O at start-up. */
  if (!self->requested)
    {
      self->requested = TRUE;
      dc_identity_read_async (dc_sysroot_default (), self->cancellable, identity_read_cb,
                              g_object_ref (self));
    }
}

static void
dc_device_page_dispose (GObject *object)
{
  DcDevicePage *self = DC_DEVICE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->identity);
  gtk_widget_dispose_template (GTK_WIDGET (self), DC_TYPE_DEVICE_PAGE);

  G_OBJECT_CLASS (dc_device_page_parent_class)->dispose (object);
}

static void
dc_device_page_class_init (DcDevicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dc_device_page_dispose;
  widget_class->map = dc_device_page_map;

  g_type_ensure (DC_TYPE_SECRET_ROW);
  g_type_ensure (DC_TYPE_DIAGNOSIS_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/dc-device-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, manufacturer_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, model_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, serial_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, firmware_serial_button);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, imei_row);
  gtk_widget_class_install_action (widget_class, "device.read-firmware-serial", NULL,
                                   read_firmware_serial);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, os_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, kernel_row);
  gtk_widget_class_bind_template_child (widget_class, DcDevicePage, uptime_row);
}

static void
dc_device_page_init (DcDevicePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}
